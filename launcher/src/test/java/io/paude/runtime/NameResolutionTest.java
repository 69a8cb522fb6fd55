package io.paude.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Whether the proxy can reach containers on its egress network by alias: the checks, their argv and their words. */
class NameResolutionTest {
    @Test
    void podmanReportsDnsPerNetworkDockerByWhetherTheNetworkIsUserDefined() {
        assertThat(Argv.networkResolution(EngineKind.PODMAN, "egress"))
                .containsExactly("network", "inspect", "--format", "{{.DNSEnabled}}", "egress");
        assertThat(Argv.networkResolution(EngineKind.DOCKER, "egress"))
                .containsExactly("network", "inspect", "--format", "{{.Name}}", "egress");
        assertThat(Argv.namesResolve(EngineKind.PODMAN, "true\n")).isTrue();
        assertThat(Argv.namesResolve(EngineKind.PODMAN, "false\n")).isFalse();
        assertThat(Argv.namesResolve(EngineKind.DOCKER, "egress\n")).isTrue();
        assertThat(Argv.namesResolve(EngineKind.DOCKER, "bridge\n")).isFalse();
    }

    @Test
    void aNamedPodmanEgressNetworkWithoutDnsIsReportedWithTheBackendFix() {
        var p = NameResolution.egressWarning(EngineKind.PODMAN, "fixtures", false).orElseThrow();
        assertThat(p.what()).contains("egress network 'fixtures'", "podman created it without DNS", "cannot reach containers");
        assertThat(p.fix()).contains("apt-get install netavark aardvark-dns", "podman system reset", "network_backend = \"netavark\"",
                "create the network again");
        assertThat(NameResolution.egressWarning(EngineKind.PODMAN, "fixtures", true)).isEmpty();
    }

    @Test
    void theEnginesOwnNetworksNeedNoContainerNames() {
        assertThat(NameResolution.egressWarning(EngineKind.PODMAN, "podman", false)).isEmpty();
        assertThat(NameResolution.egressWarning(EngineKind.DOCKER, "bridge", false)).isEmpty();
        assertThat(NameResolution.egressWarning(EngineKind.DOCKER, "host", false)).isEmpty();
    }

    @Test
    void theAliasProbeRunsHardenedLimitedContainersOnAnInternalNetworkAndRemovesThem() {
        List<String> calls = new CopyOnWriteArrayList<>();
        CliEngine engine = new CliEngine(EngineKind.PODMAN, argv -> {
            calls.add(String.join(" ", argv.subList(1, argv.size())));
            boolean lookup = argv.contains("getent");
            return new ProcessBuilder("sh", "-c", lookup ? "echo 'no such host' >&2; exit 2" : "true");
        });
        assertThat(engine.aliasProbe("paude-proxy:1")).get().asString()
                .contains("could not resolve the network alias", "getent exit 2", "no such host");
        assertThat(calls).hasSize(5);
        assertThat(calls.get(0)).startsWith("network create --internal --label paude.launcher-pid=")
                .endsWith("paude.role=probe --label paude.session=" + name(calls) + " " + name(calls));
        assertThat(calls.get(1)).startsWith("run -d --name " + name(calls) + "-host")
                .contains("--network " + name(calls) + " --network-alias alias-probe.paude.test --cap-drop ALL "
                        + "--security-opt no-new-privileges --read-only --pids-limit 16 --memory 64m")
                .endsWith("--entrypoint sleep paude-proxy:1 60");
        assertThat(calls.get(2)).startsWith("run --rm --name " + name(calls) + "-lookup")
                .contains("--cap-drop ALL").endsWith("--entrypoint getent paude-proxy:1 hosts alias-probe.paude.test");
        assertThat(calls.get(3)).startsWith("rm --force").contains(name(calls) + "-host", name(calls) + "-lookup");
        assertThat(calls.get(4)).startsWith("network rm").endsWith(name(calls));
    }

    @Test
    void crunRefusingAHybridCgroupHostIsReportedWithTheRuncFix() {
        assertThat(EngineCli.fixFor("Error: OCI runtime error: crun: cgroups in hybrid mode not supported, drop all controllers"))
                .contains("install runc", "runtime = \"runc\"", "/etc/containers/containers.conf");
        assertThat(EngineCli.fixFor("Error: no such image")).isEqualTo("see the engine's message above");
    }

    private static String name(List<String> calls) {
        List<String> words = new ArrayList<>(List.of(calls.get(0).split(" ")));
        return words.get(words.size() - 1);
    }
}
