package io.paude.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.plan.ContainerSpec;
import io.paude.plan.NetworkSpec;
import io.paude.plan.Subnet;
import io.paude.plan.Tmpfs;
import io.paude.policy.Limits;
import io.paude.policy.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import io.paude.policy.AgentRuntime;
import org.junit.jupiter.api.Test;

class ArgvTest {
    ContainerSpec spec = new ContainerSpec("s-agent", "paude-agent:1", Map.of("paude.session", "s"), "1000:1000", List.of(),
            true, List.of(new Tmpfs("/tmp", 64, "1777", 0, 0)), List.of(Mount.readOnly(Path.of("/h/gcloud"), "/home/paude/.config/gcloud")),
            Map.of("HOME", "/home/paude"), "s-net", "10.213.7.2", List.of("127.0.0.1"), new Limits(2, 4096, 512, 1024, 64),
            "/ws", List.of("bash", "-c", "true"), true, false, Path.of("/state/s/agent/seccomp.json"),
            64L * 1024 * 1024, AgentRuntime.DEFAULT);

    @Test
    void everyContainerDropsAllCapabilitiesAndPrivilegesAndIsLimited() {
        assertThat(Argv.container(EngineKind.DOCKER, spec)).containsExactly(
                "create", "--name", "s-agent", "--label", "paude.session=s", "--user", "1000:1000",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--security-opt", "seccomp=/state/s/agent/seccomp.json", "--read-only",
                "--tmpfs", "/tmp:rw,exec,nosuid,nodev,size=64m,mode=1777",
                "--mount", "type=bind,source=/h/gcloud,target=/home/paude/.config/gcloud,readonly",
                "--env", "HOME=/home/paude", "--network", "s-net", "--ip", "10.213.7.2", "--dns", "127.0.0.1",
                "--cpus", "2.00", "--memory", "4096m", "--memory-swap", "4096m", "--pids-limit", "512",
                "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=32768:32768",
                "--log-driver", "json-file", "--log-opt", "max-size=16777216", "--log-opt", "max-file=4",
                "--workdir", "/ws", "--interactive", "paude-agent:1", "bash", "-c", "true");
    }

    @Test
    void underGvisorTheAgentNamesItsRuntimeAndItsPidsLimitIsTheSentrysNproc() {
        ContainerSpec gvisor = new ContainerSpec(spec.name(), spec.image(), spec.labels(), spec.user(), spec.capAdd(),
                spec.readOnlyRoot(), spec.tmpfs(), spec.mounts(), spec.env(), spec.network(), spec.ip(), spec.dns(),
                spec.limits(), spec.workdir(), spec.command(), spec.keepStdin(), spec.tty(), spec.seccompProfile(),
                spec.logMaxBytes(), AgentRuntime.GVISOR);
        for (EngineKind kind : EngineKind.values()) {
            List<String> argv = Argv.container(kind, gvisor);
            assertThat(argv).containsSequence("--runtime", "runsc")
                    .containsSequence("--pids-limit", Long.toString(512 * 48 + 1024))
                    .containsSequence("--ulimit", "nproc=512:512")
                    .containsSequence("--security-opt", "seccomp=/state/s/agent/seccomp.json");
            assertThat(argv.indexOf("--runtime")).isLessThan(argv.indexOf(spec.image()));
        }
        assertThat(Argv.container(EngineKind.DOCKER, spec)).doesNotContain("--runtime");
    }

    @Test
    void rootlessPodmanKeepsTheUsersOwnUidSoTheAgentsFilesAreTheUsers() {
        List<String> rootless = Argv.container(EngineKind.PODMAN, true, spec);
        assertThat(rootless).containsSequence("--user", "1000:1000", "--userns", "keep-id");
        assertThat(rootless.indexOf("--userns")).isLessThan(rootless.indexOf(spec.image()));
        assertThat(Argv.container(EngineKind.PODMAN, false, spec)).doesNotContain("--userns");
        assertThat(Argv.container(EngineKind.PODMAN, spec)).isEqualTo(Argv.container(EngineKind.PODMAN, false, spec));
        // rootless Docker maps uids its own way (its daemon's); the flag is podman's
        assertThat(Argv.container(EngineKind.DOCKER, true, spec)).doesNotContain("--userns");
    }

    @Test
    void theBridgesOwnEndDropsTheAgentsPacketsOnTheHostOrInTheRootlessNetworkNamespace() {
        assertThat(Argv.hostIsolation(false, "iptables", "-I", "podman3", "s-net")).containsExactly(
                "iptables", "-I", "INPUT", "-i", "podman3", "-m", "comment", "--comment", "paude:s-net", "-j", "DROP");
        assertThat(Argv.hostIsolation(true, "ip6tables", "-D", "podman3", "s-net")).containsExactly(
                "podman", "unshare", "--rootless-netns",
                "ip6tables", "-D", "INPUT", "-i", "podman3", "-m", "comment", "--comment", "paude:s-net", "-j", "DROP");
    }

    @Test
    void theForegroundAgentIsStartedAttachedWithItsStdinWhenItKeepsIt() {
        assertThat(Argv.startAttached(spec)).containsExactly("start", "--attach", "--interactive", "s-agent");
        assertThat(Argv.startAttached(spec.withCommand(spec.command(), false, false)))
                .containsExactly("start", "--attach", "s-agent");
    }

    @Test
    void addedCapabilitiesComeAfterDroppingAll() {
        ContainerSpec proxy = new ContainerSpec("p", "img", Map.of(), "0:0", List.of("SETUID"), true, List.of(), List.of(),
                Map.of(), "n", null, List.of(), Limits.proxy(), null, List.of(), false, false, Path.of("/p/seccomp.json"),
                64L * 1024 * 1024, AgentRuntime.DEFAULT);
        List<String> argv = Argv.container(EngineKind.PODMAN, proxy);
        assertThat(argv.indexOf("ALL")).isLessThan(argv.indexOf("SETUID"));
        assertThat(argv).startsWith("create").doesNotContain("--rm");
    }

    @Test
    void theEnginesLogOfEveryContainerIsCappedInADriverThatHonoursTheCap() {
        assertThat(Argv.engineLog(EngineKind.DOCKER, 64 * 1024)).containsExactly("--log-driver", "json-file",
                "--log-opt", "max-size=16384", "--log-opt", "max-file=4");
        // podman keeps no rotated files: one file of the whole cap, started afresh when full
        assertThat(Argv.engineLog(EngineKind.PODMAN, 64 * 1024)).containsExactly("--log-driver", "k8s-file",
                "--log-opt", "max-size=65536");
        List<String> podman = Argv.container(EngineKind.PODMAN, spec);
        assertThat(podman).containsSequence("--log-driver", "k8s-file", "--log-opt", "max-size=67108864");
        assertThat(podman.indexOf("--log-driver")).isLessThan(podman.indexOf(spec.image()));
    }

    @Test
    void podmanNetworksGetNoResolver() {
        NetworkSpec n = new NetworkSpec("s-net", true, new Subnet(7, 1), Map.of("paude.session", "s"));
        assertThat(Argv.network(EngineKind.PODMAN, n)).containsExactly("network", "create", "--internal", "--disable-dns",
                "--subnet", "10.213.7.16/28", "--gateway", "10.213.7.17", "--label", "paude.session=s", "s-net");
        assertThat(Argv.network(EngineKind.DOCKER, n)).doesNotContain("--disable-dns").contains("--internal")
                .containsSequence("--opt", "com.docker.network.bridge.inhibit_ipv4=true");
    }

    @Test
    void theSeamSeesTheExactArgvWithTheExecutable() {
        List<List<String>> seen = new ArrayList<>();
        CliEngine engine = new CliEngine(EngineKind.DOCKER, argv -> {
            seen.add(argv);
            return new ProcessBuilder("true");
        });
        engine.removeContainers(List.of("a", "b"));
        assertThat(seen).containsExactly(List.of("docker", "rm", "--force", "a", "b"));
    }

    @Test
    void awaitingTheAgentsStopIsOneWaitAndAnInterruptEndsIt() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        CliEngine engine = new CliEngine(EngineKind.PODMAN, argv -> {
            seen.add(argv);
            return new ProcessBuilder(argv.get(1).equals("wait") ? List.of("sleep", "60") : List.of("false"));
        });
        var result = new java.util.concurrent.atomic.AtomicReference<Optional<ContainerState>>();
        Thread t = new Thread(() -> result.set(engine.awaitStop("s-agent")));
        t.start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        t.interrupt();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
        assertThat(result.get()).isEmpty(); // interrupted: no end to report
        assertThat(seen.get(0)).containsExactly("podman", "wait", "s-agent");
    }
}
