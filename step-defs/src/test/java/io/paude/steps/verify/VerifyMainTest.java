package io.paude.steps.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad arguments are refused (exit 2) before anything is extracted or run. */
class VerifyMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) {
        return VerifyMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBadTagExpressionIsRefusedWithAnExample() {
        assertThat(run("--paude-jar", "p.jar", "--engine", "docker", "--tags", "@area-baseline and")).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--tags '@area-baseline and' is not a tag expression")
                .contains("e.g. '@task-4 and not @podman-known-failure'");
    }

    @Test
    void anUnknownOrIncompleteArgumentIsRefused() {
        assertThat(run("--paude-jar", "p.jar", "--engine", "docker", "--tag", "@x")).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("unexpected argument '--tag'").contains("usage:");
        assertThat(run("--engine", "docker")).isEqualTo(2);
        assertThat(run("--paude-jar", "p.jar", "--engine")).isEqualTo(2);
    }
}
