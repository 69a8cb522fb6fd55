package io.paude.steps.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one parse of an engine's inspect output, with the fields where Docker and Podman differ (samples trimmed). */
class ContainerEvidenceTest {
    private static final String DOCKER = """
            [{"Name": "/s-agent", "LogPath": "/var/lib/docker/containers/x/x-json.log",
              "State": {"Running": false, "ExitCode": 137, "OOMKilled": true},
              "HostConfig": {"NanoCpus": 1000000000, "Memory": 6318718976, "MemorySwap": 6318718976, "PidsLimit": 7168,
                "Ulimits": [{"Name": "nofile", "Hard": 4096, "Soft": 4096}, {"Name": "nproc", "Hard": 128, "Soft": 128}],
                "Tmpfs": {"/tmp": "rw,exec,nosuid,nodev,size=1024m", "/run/paude-audit": "rw,size=8m,mode=0700"},
                "ReadonlyRootfs": true, "SecurityOpt": ["no-new-privileges", "seccomp={\\"defaultAction\\":\\"SCMP_ACT_ERRNO\\"}"],
                "CapDrop": ["ALL"], "CapAdd": ["CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_PTRACE"], "Runtime": "runsc",
                "LogConfig": {"Type": "json-file", "Config": {"max-file": "4", "max-size": "16777216"}}},
              "Mounts": [{"Type": "bind", "Source": "/home/u/ws", "Destination": "/home/u/ws", "Mode": "", "RW": true},
                {"Type": "bind", "Source": "/s/git", "Destination": "/home/paude/.config/git", "Mode": "", "RW": false}],
              "Config": {"User": "0:0", "Env": ["PAUDE_SESSION=s", "A=<b>&c"], "Cmd": ["/usr/local/bin/paude-recorder", "--uid", "1000"],
                "Labels": {"paude.agent-user": "1000:1000"}},
              "NetworkSettings": {"Networks": {"s-net": {"IPAddress": "10.1.2.3"}}}}]
            """;
    private static final String PODMAN = """
            [{"Name": "s-agent", "OCIRuntime": "runc", "EffectiveCaps": ["CAP_SETGID", "CAP_SETUID"],
              "BoundingCaps": ["CAP_SETGID", "CAP_SETUID"], "State": {"Running": true, "ExitCode": 0, "OOMKilled": false},
              "HostConfig": {"NanoCpus": 1000000000, "Memory": 104857600, "MemorySwap": 104857600, "PidsLimit": 100,
                "Ulimits": [{"Name": "RLIMIT_NOFILE", "Soft": 1024, "Hard": 4096}], "Runtime": "oci",
                "CapDrop": ["CAP_CHOWN"], "CapAdd": [], "Tmpfs": {"/tmp": "size=10m,rw"}, "ReadonlyRootfs": true,
                "SecurityOpt": ["no-new-privileges"], "IDMappings": {"UidMap": ["0:1:1000", "1000:0:1", "1001:1001:64536"],
                "GidMap": ["0:1:1000"]},
                "LogConfig": {"Type": "k8s-file", "Config": null, "Path": "/var/lib/containers/x/ctr.log", "Size": "65.54kB"}},
              "Mounts": [], "Config": {"User": "1000", "Env": [], "Cmd": ["sleep", "120"], "Labels": null},
              "NetworkSettings": {"Networks": {"podman": {"IPAddress": "10.88.0.38"}}}}]
            """;

    @Test
    void readsDockersReport() {
        ContainerEvidence e = ContainerEvidence.parse("s-agent", DOCKER, "docker");
        assertThat(e.runtime()).isEqualTo("runsc");
        assertThat(e.limits().ulimit("nofile")).isEqualTo(new ContainerEvidence.Ulimit(4096, 4096));
        assertThat(e.limits().pidsLimit()).isEqualTo(7168);
        assertThat(e.tmpfsAt("/run/paude-audit")).contains("mode=0700");
        assertThat(e.tmpfsAt("/home/paude")).isEmpty();
        assertThat(e.securityOpt()).contains("no-new-privileges").anyMatch(o -> o.startsWith("seccomp={\"defaultAction\""));
        assertThat(e.caps().drop()).containsExactly("ALL");
        assertThat(e.caps().add()).containsExactly("SETGID", "SETPCAP", "SETUID", "SYS_PTRACE");
        assertThat(e.mounts()).contains(new ContainerEvidence.Mount("bind", "/s/git", "/home/paude/.config/git", false));
        assertThat(e.writableDestinations()).containsExactly("/home/u/ws");
        assertThat(e.env()).contains("A=<b>&c");
        assertThat(e.label("paude.agent-user")).isEqualTo("1000:1000");
        assertThat(e.log()).isEqualTo(new ContainerEvidence.Log("json-file", java.util.Map.of("max-file", "4", "max-size", "16777216"),
                "", "/var/lib/docker/containers/x/x-json.log"));
        assertThat(e.addressOn("s-net")).isEqualTo("10.1.2.3");
        assertThat(e.state()).isEqualTo(new ContainerEvidence.State(false, 137, true));
        assertThat(e.uidMap()).as("Docker reports no IDMappings").isEmpty();
    }

    @Test
    void readsAnEmptyOrNullUidMapAsNone() {
        for (String mappings : new String[] {"null", "{}", "{\"UidMap\": null}"}) {
            String inspect = PODMAN.replaceFirst("\"IDMappings\": \\{[^}]*\\}", "\"IDMappings\": " + java.util.regex.Matcher.quoteReplacement(mappings));
            assertThat(inspect).contains("\"IDMappings\": " + mappings);
            assertThat(ContainerEvidence.parse("s-agent", inspect, "podman").uidMap()).as(mappings).isEmpty();
        }
    }

    @Test
    void readsPodmansReportUnderTheSameNames() {
        ContainerEvidence e = ContainerEvidence.parse("s-agent", PODMAN, "podman");
        assertThat(e.runtime()).as("OCIRuntime, not HostConfig.Runtime").isEqualTo("runc");
        assertThat(e.limits().ulimit("nofile")).isEqualTo(new ContainerEvidence.Ulimit(1024, 4096));
        assertThat(e.caps().effective()).containsExactly("SETGID", "SETUID");
        assertThat(e.log().path()).isEqualTo("/var/lib/containers/x/ctr.log");
        assertThat(e.log().size()).isEqualTo("65.54kB");
        assertThat(e.labels()).isEmpty();
        assertThat(e.networkNames()).containsExactly("podman");
        assertThat(e.uidMap()).as("HostConfig.IDMappings.UidMap").containsExactly("0:1:1000", "1000:0:1", "1001:1001:64536");
    }

    @Test
    void failsNamingWhatIsMissing() {
        ContainerEvidence e = ContainerEvidence.parse("s-agent", PODMAN, "podman");
        assertThatThrownBy(() -> e.limits().ulimit("nproc")).hasMessageContaining("no ulimit 'nproc'");
        assertThatThrownBy(() -> e.addressOn("other")).hasMessageContaining("s-agent has no address on other");
        assertThatThrownBy(() -> e.mountAt("/x")).hasMessageContaining("no mount at /x in s-agent");
        assertThatThrownBy(() -> ContainerEvidence.parse("gone", "[]", "docker")).hasMessageContaining("reports 0 objects");
    }
}
