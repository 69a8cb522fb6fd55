package io.paude.boundary;

import io.paude.state.StatePaths;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The places on the host whose content guards the host itself, and so must never be inside a workspace (the agent
 * could write them) nor hold one: each with why it matters.
 *
 * @param path      the place
 * @param what      what it is, for the refusal
 * @param nested    whether a workspace inside it is refused too (paude's own directories, the agent's configuration,
 *                  the engine's storage); the home directory and the installation are refused only when the workspace
 *                  is or contains them
 */
public record HostPaths(Path path, String what, boolean nested) {
    /** The protected places of this host, from the environment (never from the passwd entry). */
    public static List<HostPaths> of(Map<String, String> env, StatePaths paths) {
        List<HostPaths> all = new ArrayList<>();
        Path home = paths.home();
        all.add(new HostPaths(home, "your home directory (its shell start-up files and keys run and authenticate on the host)", false));
        all.add(new HostPaths(paths.state(), "paude's state directory (audit records, git backups, session files)", true));
        all.add(new HostPaths(paths.config(), "paude's configuration directory (trust decisions, approved plugins)", true));
        String claude = env.get("CLAUDE_CONFIG_DIR");
        all.add(new HostPaths(claude != null && claude.startsWith("/") ? Path.of(claude) : home.resolve(".claude"),
                "the agent's configuration on the host (~/.claude: hooks and plugins that run outside the sandbox)", true));
        String gcloud = env.get("CLOUDSDK_CONFIG");
        all.add(new HostPaths(gcloud != null && gcloud.startsWith("/") ? Path.of(gcloud) : home.resolve(".config/gcloud"),
                "the gcloud directory (the user's cloud credentials)", true));
        String xdgData = env.get("XDG_DATA_HOME");
        all.add(new HostPaths((xdgData != null && xdgData.startsWith("/") ? Path.of(xdgData) : home.resolve(".local/share"))
                .resolve("containers"), "rootless Podman's storage", true));
        for (String p : List.of("/var/lib/docker", "/var/lib/containers", "/run/podman", "/run/docker.sock", "/var/run/docker.sock")) {
            all.add(new HostPaths(Path.of(p), "the container engine's storage or socket (root on the host)", true));
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && runtime.startsWith("/")) {
            all.add(new HostPaths(Path.of(runtime).resolve("podman"), "rootless Podman's socket", true));
        }
        for (String var : List.of("DOCKER_HOST", "CONTAINER_HOST")) {
            String v = env.get(var);
            if (v != null && v.startsWith("unix://")) {
                all.add(new HostPaths(Path.of(v.substring("unix://".length())), "the container engine's socket ($" + var + ")", true));
            }
        }
        all.add(new HostPaths(Path.of("/etc"), "the host's system configuration", true));
        installation().ifPresent(p -> all.add(new HostPaths(p, "the paude installation (the launcher you run on the host)", false)));
        return all;
    }

    /** The launcher's jar, or the checkout it was built in (the {@code paude} script runs it from there). */
    static java.util.Optional<Path> installation() {
        try {
            Path jar = Path.of(HostPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            Path checkout = jar.getParent() != null && jar.getParent().getParent() != null ? jar.getParent().getParent().getParent() : null;
            if (checkout != null && Files.isRegularFile(checkout.resolve("paude")) && Files.isRegularFile(checkout.resolve("pom.xml"))) {
                return java.util.Optional.of(checkout);
            }
            return java.util.Optional.of(Files.isRegularFile(jar) ? jar : jar.getParent());
        } catch (URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
