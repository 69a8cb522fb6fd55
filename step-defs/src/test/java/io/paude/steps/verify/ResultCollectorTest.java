package io.paude.steps.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultCollectorTest {
    @Test
    void aLongFailureShowsItsFirstTwoAndLastFourLines() {
        String message = "paude start failed:\njava -jar paude.jar start\n  exit 125\n\n  stdout:\n  stderr: a warning\n"
                + "limits\npaude: image x has no /bin/sh\n  fix: use paude's agent image\n";
        assertThat(ResultCollector.excerpt(message)).isEqualTo(String.join("\n        ", "paude start failed:",
                "java -jar paude.jar start", "...", "  stderr: a warning", "limits", "paude: image x has no /bin/sh",
                "  fix: use paude's agent image"));
    }

    @Test
    void aShortFailureIsShownWhole() {
        assertThat(ResultCollector.excerpt("\nExpecting actual:\n  \"root\"\nnot to be equal to:\n  \"root\"\n"))
                .isEqualTo("Expecting actual:\n          \"root\"\n        not to be equal to:\n          \"root\"");
    }
}
