package io.paude.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.plan.ImageRefs;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineException;
import io.paude.runtime.EngineKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final StringWriter err = new StringWriter();
    private final AtomicLong clock = new AtomicLong();

    /** A clock that moves 42 s (then 83 s) a step. */
    private Progress progress(boolean terminal) {
        return new Progress(new PrintWriter(err, true), terminal, () -> clock.getAndAdd(41_500_000_000L));
    }

    @Test
    void offATerminalEachStepIsOneLineWithItsTime() {
        Progress p = progress(false);
        p.step("building a:1", "built a:1", () -> { });
        assertThat(err.toString()).isEqualTo("paude: built a:1 in 42 s\n");
    }

    @Test
    void onATerminalAStepAlsoSaysWhenItStarts() {
        progress(true).step("building a:1", "built a:1", () -> { });
        assertThat(err.toString()).isEqualTo("paude: building a:1...\npaude: built a:1 in 42 s\n");
    }

    @Test
    void aFailedStepSaysSoAndShowsTheTailOfItsLog() throws Exception {
        Progress p = progress(false);
        assertThatThrownBy(() -> p.step("building a:1", "built a:1", () -> {
            throw new EngineException("building a:1 failed (exit 1)", "read the log");
        })).isInstanceOf(EngineException.class);
        Path log = Files.createTempFile("progress", ".log");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            lines.add("step " + i);
        }
        Files.write(log, lines);
        p.tail(log);
        Files.delete(log);
        assertThat(err.toString()).startsWith("paude: building a:1 failed after 42 s\n").contains("  step 11\n").contains("  step 40\n")
                .doesNotContain("  step 10\n");
    }

    /** An image build off a terminal: the engine writes to a log, and the lines are the steps' (pull, proxy, agent). */
    @Test
    void aBuildOffATerminalPrintsALinePerStepAndGivesTheEngineALog() {
        List<String> calls = new ArrayList<>();
        ContainerEngine engine = (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContainerEngine.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "kind" -> EngineKind.DOCKER;
                    case "imageExists" -> false;
                    case "pull" -> true;
                    case "build" -> {
                        calls.add(args[1] + (args.length == 4 && args[3] != null ? " to a log" : " streamed"));
                        yield null;
                    }
                    default -> throw new AssertionError(m.getName());
                });
        new ImageBuilder(engine, new PrintWriter(err, true), progress(false))
                .build(new ImageRefs("a:1", "p:1"), null, false, null, List.of());
        assertThat(calls).containsExactly("p:1 to a log", "a:1 to a log");
        assertThat(err.toString().lines().filter(l -> l.contains(" in ")).toList()).containsExactly(
                "paude: pulled debian:bookworm-slim in 42 s", "paude: built p:1 in 42 s", "paude: built a:1 in 42 s");
    }
}
