package io.paude.cli;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineDetector;
import io.paude.runtime.EngineKind;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --engine}: shared by every command that talks to the engine. */
public final class EngineOption {
    @Option(names = "--engine", paramLabel = "podman|docker", completionCandidates = EngineNames.class,
            description = "Container engine. Default: $PAUDE_ENGINE, else podman if it answers, else docker.")
    String engine;

    /** What shell completion offers after --engine. */
    static final class EngineNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(EngineKind.values()).map(EngineKind::id).iterator();
        }
    }

    /** The command this option is mixed into; its root holds the engine seam of {@link Main#commandLine}. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    ContainerEngine engine(String configured) {
        ContainerEngine detected = EngineDetector.detect(engine != null ? engine : configured, System.getenv());
        return mixee != null && mixee.root().userObject() instanceof PaudeCommand root ? root.engines.apply(detected) : detected;
    }
}
