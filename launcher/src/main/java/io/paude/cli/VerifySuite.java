package io.paude.cli;

import io.paude.runtime.EngineKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How {@code paude verify} runs the guarantee suite: where {@code paude-verify.jar} is, its command line and its
 * environment. Pure functions of their arguments, so the unit tests need neither the jar nor an engine.
 */
record VerifySuite(Path jar) {
    static final String JAR = "paude-verify.jar";

    /**
     * The verify jar next to the launcher's jar (an installation: the release archive's lib/ holds both), else in
     * the checkout's step-defs/target when the launcher runs from launcher/target.
     */
    static Optional<VerifySuite> find(Path launcherJar) {
        Path dir = launcherJar.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>(List.of(dir.resolve(JAR)));
        if (dir.getParent() != null) {
            candidates.add(dir.getParent().resolveSibling("step-defs").resolve("target").resolve(JAR));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().map(VerifySuite::new);
    }

    List<String> argv(Path java, Path launcherJar, EngineKind engine, String tags, Path report) {
        List<String> argv = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString(),
                "--paude-jar", launcherJar.toAbsolutePath().toString(), "--engine", engine.id()));
        if (tags != null) {
            argv.addAll(List.of("--tags", tags));
        }
        if (report != null) {
            argv.addAll(List.of("--report", report.toAbsolutePath().toString()));
        }
        return List.copyOf(argv);
    }

    /**
     * The suite's environment: the launcher's, with this JDK first on PATH (the suite runs {@code java -jar
     * paude.jar} as a user would), Testcontainers without its reaper and start-up checks (the suite removes what it
     * creates; its fixture ports are reached on localhost), and on Podman the API socket Testcontainers talks to.
     */
    static Map<String, String> env(Map<String, String> current, Path javaHome, EngineKind engine, Path podmanSocket) {
        Map<String, String> env = new HashMap<>(current);
        env.put("PATH", javaHome.resolve("bin") + (current.containsKey("PATH") ? ":" + current.get("PATH") : ""));
        env.put("TESTCONTAINERS_RYUK_DISABLED", "true");
        env.put("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
        env.put("TESTCONTAINERS_CHECKS_DISABLE", "true");
        if (engine == EngineKind.PODMAN && !current.containsKey("DOCKER_HOST")) {
            env.put("DOCKER_HOST", "unix://" + podmanSocket);
        }
        return env;
    }

    /** Where Podman's Docker-compatible API listens: the user's (rootless) socket if there is one, else the system's. */
    static Path podmanSocket(Map<String, String> env, Predicate<Path> exists) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path user = runtime == null ? null : Path.of(runtime, "podman", "podman.sock");
        return user != null && exists.test(user) ? user : Path.of("/run/podman/podman.sock");
    }
}
