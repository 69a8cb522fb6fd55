package io.paude.runtime;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the engine: the one named by {@code --engine} or {@code PAUDE_ENGINE}, otherwise the first of podman and
 * docker (the order of the upstream shell version, docs/tasks.md) whose CLI is on the PATH and whose engine answers. A named engine
 * that does not answer is reported by its first call ({@link CliEngine}).
 */
public final class EngineDetector {
    public static final String ENV = "PAUDE_ENGINE";

    private EngineDetector() {
    }

    public static ContainerEngine detect(String requested, Map<String, String> env) {
        String choice = requested != null ? requested : env.get(ENV);
        if (choice != null && !choice.isBlank()) {
            // no version check of its own: the engine's first failing call reports an engine that does not answer
            return CliEngine.of(EngineKind.parse(choice.strip()));
        }
        EngineException last = null;
        for (EngineKind kind : List.of(EngineKind.PODMAN, EngineKind.DOCKER)) {
            if (onPath(kind.executable(), env).isEmpty()) {
                continue;
            }
            ContainerEngine engine = CliEngine.of(kind);
            try {
                engine.serverVersion();
                return engine;
            } catch (EngineException e) {
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        throw new EngineException("no container engine found: neither podman nor docker is on the PATH",
                "install podman or docker (Debian: apt-get install podman), or set PAUDE_ENGINE");
    }

    static Optional<File> onPath(String exe, Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.canExecute()) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
