package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.policy.PolicyException;
import io.paude.policy.Refusal;
import io.paude.runtime.EngineException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorHandlerTest {
    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        final RuntimeException thrown;

        Failing(RuntimeException thrown) {
            this.thrown = thrown;
        }

        @Override
        public Integer call() {
            throw thrown;
        }
    }

    @ParameterizedTest
    @CsvSource({"refusal, 77, paude: refused: the problem", "input, 2, paude: the problem", "engine, 125, paude: the problem",
        "bug, 70, paude: internal error"})
    void eachKindOfFailureHasItsOwnExitCodeAndAFix(String kind, int code, String first) {
        RuntimeException ex = switch (kind) {
            case "refusal" -> new Refusal("the problem", "the fix");
            case "input" -> new PolicyException("the problem", "the fix");
            case "engine" -> new EngineException("the problem", "the fix");
            default -> new IllegalStateException("the problem");
        };
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Failing(ex)).setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        assertThat(cl.execute()).isEqualTo(code);
        assertThat(err.toString()).startsWith(first).contains("  fix: ");
    }

    @org.junit.jupiter.api.Test
    void theCodesAreDistinct() {
        assertThat(java.util.Set.of(ExitCodes.OK, ExitCodes.CHECK_FAILED, ExitCodes.USAGE, ExitCodes.REFUSED, ExitCodes.SANDBOX,
                ExitCodes.INTERNAL)).hasSize(6);
    }
}
