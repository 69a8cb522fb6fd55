package io.paude.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The engine's CLI, faked by a shell that answers each call: what a failing call is reported as. */
class CliEngineTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** An engine whose every call prints {@code stderr} and exits with {@code code}, except as {@code version} says. */
    private CliEngine engine(boolean answers, int code) {
        return new CliEngine(EngineKind.DOCKER, argv -> {
            String call = String.join(" ", argv.subList(1, argv.size()));
            calls.add(call);
            boolean version = argv.get(1).equals("version");
            String script = version
                    ? (answers ? "echo 20.10.24" : "echo 'Cannot connect to the Docker daemon' >&2; exit 1")
                    : (code == 0 ? "echo sha256:1" : "echo 'Error: No such image' >&2; exit " + code);
            return new ProcessBuilder("sh", "-c", script);
        });
    }

    @Test
    void aNamedEngineThatDoesNotAnswerIsReportedAsSuchByItsFirstCall() {
        CliEngine dead = engine(false, 1);
        assertThatThrownBy(() -> dead.imageExists("paude-agent:1"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("docker is installed but its engine does not answer: Cannot connect to the Docker daemon");
        assertThat(calls).containsExactly("image inspect --format {{.Id}} paude-agent:1", "version --format {{.Server.Version}}");
    }

    @Test
    void aMissingImageOfAnEngineThatAnswersIsJustMissing() {
        CliEngine live = engine(true, 1);
        assertThat(live.imageExists("paude-agent:1")).isFalse();
        assertThat(live.imageExists("paude-proxy:1")).isFalse();
        assertThat(calls).containsExactly("image inspect --format {{.Id}} paude-agent:1", "version --format {{.Server.Version}}",
                "image inspect --format {{.Id}} paude-proxy:1");
    }

    @Test
    void aCallThatSucceedsNeedsNoVersionCheck() {
        CliEngine live = engine(true, 0);
        assertThat(live.imageExists("paude-agent:1")).isTrue();
        assertThat(calls).containsExactly("image inspect --format {{.Id}} paude-agent:1");
    }
}
