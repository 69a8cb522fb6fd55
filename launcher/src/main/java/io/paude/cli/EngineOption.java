package io.paude.cli;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineDetector;
import picocli.CommandLine.Option;

/** {@code --engine}: shared by every command that talks to the engine. */
public final class EngineOption {
    @Option(names = "--engine", paramLabel = "podman|docker",
            description = "Container engine. Default: $PAUDE_ENGINE, else podman if it answers, else docker.")
    String engine;

    ContainerEngine engine(String configured) {
        return EngineDetector.detect(engine != null ? engine : configured, System.getenv());
    }
}
