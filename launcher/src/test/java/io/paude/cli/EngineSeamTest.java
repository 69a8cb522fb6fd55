package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.runtime.CliEngine;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineKind;
import org.junit.jupiter.api.Test;

/**
 * The engine seam of {@link Main#commandLine(java.util.function.UnaryOperator)} exists for the suite's mutation pass
 * only: the command line {@link Main#main} builds hands every command the engine it detected, unchanged.
 */
class EngineSeamTest {
    @Test
    void theShippedCommandLineHandsEveryCommandTheDetectedEngine() {
        PaudeCommand root = Main.commandLine().getCommand();
        ContainerEngine detected = CliEngine.of(EngineKind.DOCKER);
        assertThat(root.engines.apply(detected)).isSameAs(detected);
    }

    @Test
    void noOptionOfAnyCommandNamesTheSeam() {
        StringBuilder help = new StringBuilder();
        Main.commandLine().getSubcommands().values().forEach(c -> help.append(c.getUsageMessage()));
        assertThat(help.toString()).doesNotContainIgnoringCase("mutation").doesNotContainIgnoringCase("weaken");
    }
}
