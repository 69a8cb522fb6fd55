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
            return ", platform: runsc's default (ptrace) unless its registration in containers.conf names another";
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
        Optional<String> path = find(PATH, entry);
        if (path.isPresent()) {
            try {
                String script = Files.readString(Path.of(path.get()));
                return find(FLAG, script).map(p -> ", platform " + p + " (" + path.get() + ")")
                        .orElse(", platform ptrace (runsc's default; " + path.get() + " names none)");
            } catch (java.io.IOException e) { // unreadable, or a binary (runsc itself)
                return ", platform ptrace (runsc's default; its registration names none)";
            } catch (RuntimeException e) {
                return "";
            }
        }
        return "";
    }

    private static Optional<String> find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
