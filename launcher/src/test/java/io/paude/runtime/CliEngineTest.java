package io.paude.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.plan.NetworkSpec;
import io.paude.plan.Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's CLI, faked by a shell that answers each call: what a failing call is reported as, when a network's
 * subnet is tried again, that an interrupted attached call ends the engine's process, what a probe runs.
 */
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

    /** A Podman whose every call but {@code version} prints {@code stderr} and exits {@code code}. */
    private CliEngine podman(int code, String stderr) {
        return new CliEngine(EngineKind.PODMAN, argv -> {
            calls.add(String.join(" ", argv.subList(1, argv.size())));
            return new ProcessBuilder("sh", "-c", argv.get(1).equals("version") ? "echo 5.4.2"
                    : "printf '%s\\n' \"$0\" >&2; exit " + code, stderr);
        });
    }

    private final NetworkSpec net = new NetworkSpec("s-net", true, new Subnet(7, 1), Map.of("paude.session", "s"));

    @Test
    void aTakenSubnetOrARouteGoneMeanwhileIsTheCallersCueToTryAnother() {
        assertThat(podman(125, "Error: subnet 10.213.7.16/28 is already used on the host or by another config").createNetwork(net))
                .isFalse();
        assertThat(podman(125, "Error: route ip+net: no such network interface").createNetwork(net)).isFalse();
        assertThat(podman(0, "").createNetwork(net)).isTrue();
        assertThat(calls).filteredOn(c -> c.startsWith("network create")).hasSize(3)
                .allMatch(c -> c.equals(String.join(" ", Argv.network(EngineKind.PODMAN, net))));
    }

    @Test
    void anyOtherFailureToCreateANetworkIsReportedWithTheEnginesMessage() {
        assertThatThrownBy(() -> podman(125, "Error: permission denied").createNetwork(net))
                .isInstanceOf(EngineException.class)
                .hasMessage("'podman " + String.join(" ", Argv.network(EngineKind.PODMAN, net))
                        + "' failed (exit 125): Error: permission denied");
    }

    @Test
    void anInterruptedExecEndsTheEnginesProcess(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("pid");
        CliEngine engine = new CliEngine(EngineKind.DOCKER,
                argv -> new ProcessBuilder("sh", "-c", "echo $$ > '" + pid + "'; exec sleep 60"));
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(engine.exec("s-agent", List.of("true"), false, false, null, null)));
        t.start();
        for (int i = 0; i < 100 && !(Files.exists(pid) && Files.size(pid) > 0); i++) {
            Thread.sleep(50);
        }
        ProcessHandle process = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElseThrow();
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(code.get()).isEqualTo(130);
        assertThat(process.onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void theRuntimeProbeRunsOneHardenedContainerWithoutANetworkAndRemovesIt() {
        RuntimeProbe probe = podman(0, "").runtimeProbe("paude-agent:1", "runsc");
        assertThat(probe.error()).isEmpty();
        assertThat(calls).hasSize(2);
        String name = calls.get(0).split(" ")[3];
        assertThat(calls.get(0)).startsWith("run --rm --name paude-probe-").contains("--runtime runsc --label ")
                .contains("--network none --cap-drop ALL --cap-add SYSLOG --security-opt no-new-privileges --read-only "
                        + "--pids-limit 1024 --memory 256m --entrypoint /bin/sh paude-agent:1 -c ");
        assertThat(calls.get(1)).isEqualTo("rm --force --ignore --time 0 " + name);
    }
}
