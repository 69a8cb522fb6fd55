package io.paude.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which gVisor platform (how the Sentry intercepts the sandbox's system calls: ptrace, kvm, systrap) a registered
 * runtime uses: the {@code --platform} its registration passes, in Docker's runtime arguments or in the wrapper
 * script it names, else runsc's own default. Only what can be read on this host; said as such.
 */
public final class GvisorPlatform {
    private static final Pattern FLAG = Pattern.compile("--platform[= ]\"?([a-z0-9]+)");
    private static final Pattern PATH = Pattern.compile("\"path\"\\s*:\\s*\"([^\"]+)\"");

    private GvisorPlatform() {
    }

    /** ", platform X (from ...)" for doctor's line; empty when nothing can be read. */
    public static String describe(ContainerEngine engine, String runtime) {
        if (engine.kind() != EngineKind.DOCKER) {
            return podmanPath(runtime).map(GvisorPlatform::fromWrapper)
                    .orElse(", platform ptrace unless its registration in containers.conf names another (runsc's default)");
        }
        String runtimes;
        try {
            runtimes = engine.info("{{json .Runtimes}}");
        } catch (EngineException e) {
            return "";
        }
        int at = runtimes.indexOf("\"" + runtime + "\"");
        if (at < 0) {
            return "";
        }
        String entry = runtimes.substring(at, Math.min(runtimes.length(), runtimes.indexOf('}', at) + 1));
        Optional<String> platform = find(FLAG, entry);
        if (platform.isPresent()) {
            return ", platform " + platform.get() + " (its runtime arguments)";
        }
        return find(PATH, entry).map(GvisorPlatform::fromWrapper).orElse("");
    }

    /** The platform the runtime at {@code path} names (a wrapper script's --platform), else runsc's default. */
    private static String fromWrapper(String path) {
        try {
            String script = Files.readString(Path.of(path));
            return find(FLAG, script).map(p -> ", platform " + p + " (" + path + ")")
                    .orElse(", platform ptrace (runsc's default; " + path + " names none)");
        } catch (java.io.IOException | RuntimeException e) { // unreadable, or a binary (runsc itself)
            return ", platform ptrace (runsc's default; its registration names none)";
        }
    }

    /** Podman's registration of {@code runtime}: its first path in containers.conf or a drop-in of it. */
    private static Optional<String> podmanPath(String runtime) {
        Pattern entry = Pattern.compile("(?m)^\\s*" + Pattern.quote(runtime) + "\\s*=\\s*\\[\\s*\"([^\"]+)\"");
        java.util.List<Path> files = new java.util.ArrayList<>(java.util.List.of(Path.of("/etc/containers/containers.conf")));
        try (var drops = Files.list(Path.of("/etc/containers/containers.conf.d"))) {
            drops.sorted().forEach(files::add);
        } catch (java.io.IOException e) {
            // no drop-ins
        }
        Optional<String> found = Optional.empty();
        for (Path f : files) {
            try {
                Optional<String> here = find(entry, Files.readString(f)); // a later file overrides an earlier one
                if (here.isPresent()) {
                    found = here;
                }
            } catch (java.io.IOException e) {
                // not there
            }
        }
        return found;
    }

    private static Optional<String> find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
