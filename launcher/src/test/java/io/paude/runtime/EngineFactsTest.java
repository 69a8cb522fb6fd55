package io.paude.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.policy.PolicyException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class EngineFactsTest {
    /** Trimmed from 'podman info --format json' of a rootless Podman 4.3.1 on a cgroup v1 host (Debian 12). */
    static final String PODMAN_ROOTLESS_V1 = """
            {"host": {"cgroupManager": "cgroupfs", "cgroupVersion": "v1", "cgroupControllers": [], "networkBackend": "netavark",
              "security": {"apparmorEnabled": false, "rootless": true, "seccompEnabled": true,
                "seccompProfilePath": "/usr/share/containers/seccomp.json", "selinuxEnabled": false}},
             "store": {"graphDriverName": "overlay"}, "version": {"Version": "4.3.1"}}""";

    static String podman(boolean rootless, String cgroup) {
        return PODMAN_ROOTLESS_V1.replace("\"rootless\": true", "\"rootless\": " + rootless)
                .replace("\"cgroupVersion\": \"v1\"", "\"cgroupVersion\": \"" + cgroup + "\"");
    }

    @Test
    void rootlessPodmanOnCgroupV1CannotEnforceTheLimits() {
        EngineFacts facts = EngineFacts.parse(EngineKind.PODMAN, PODMAN_ROOTLESS_V1);
        assertThat(facts).isEqualTo(new EngineFacts(EngineKind.PODMAN, true, 1, java.util.Set.of()));
        assertThat(facts.limitsEnforced()).isFalse();
        assertThat(facts.problem()).hasValueSatisfying(p -> assertThat(p).contains("rootless podman", "cgroup v1"));
    }

    @Test
    void rootfulPodmanOrCgroupV2WithTheControllersDelegatedEnforcesThem() {
        assertThat(EngineFacts.parse(EngineKind.PODMAN, podman(false, "v1")).limitsEnforced()).isTrue();
        EngineFacts v2 = EngineFacts.parse(EngineKind.PODMAN, podman(true, "v2")
                .replace("\"cgroupControllers\": []", "\"cgroupControllers\": [\"cpuset\", \"cpu\", \"io\", \"memory\", \"pids\"]"));
        assertThat(v2).isEqualTo(new EngineFacts(EngineKind.PODMAN, true, 2, java.util.Set.of("cpuset", "cpu", "io", "memory", "pids")));
        assertThat(v2.limitsEnforced()).isTrue();
        assertThat(v2.problem()).isEmpty();
    }

    @Test
    void rootlessOnCgroupV2WithoutTheControllersDelegatedIsRefusedWithTheDelegationFix() {
        // systemd delegates only memory and pids to a user by default on some distributions
        EngineFacts v2 = EngineFacts.parse(EngineKind.PODMAN, podman(true, "v2")
                .replace("\"cgroupControllers\": []", "\"cgroupControllers\": [\"memory\", \"pids\"]"));
        assertThat(v2.limitsEnforced()).isFalse();
        assertThat(v2.problem()).hasValueSatisfying(p -> assertThat(p).contains("controllers cpu,", "not delegated"));
        assertThatThrownBy(() -> v2.requireEnforcedLimits(false, new PrintWriter(new StringWriter())))
                .isInstanceOf(PolicyException.class)
                .satisfies(e -> assertThat(((PolicyException) e).fix()).contains("Delegate=", EngineFacts.ACCEPT_FLAG));
    }

    @Test
    void dockerSaysRootlessAmongItsSecurityOptions() {
        String info = "{\"CgroupVersion\": \"1\", \"SecurityOptions\": [\"name=seccomp,profile=default\", \"name=rootless\"]}";
        assertThat(EngineFacts.parse(EngineKind.DOCKER, info)).isEqualTo(new EngineFacts(EngineKind.DOCKER, true, 1));
        String rootful = "{\"CgroupVersion\": \"1\", \"SecurityOptions\": [\"name=seccomp,profile=default\"]}";
        assertThat(EngineFacts.parse(EngineKind.DOCKER, rootful).limitsEnforced()).isTrue();
        // an engine that does not say is taken as it says: rootful, version unknown
        assertThat(EngineFacts.parse(EngineKind.DOCKER, "{}")).isEqualTo(new EngineFacts(EngineKind.DOCKER, false, 0));
    }

    @Test
    void withoutTheOptInTheSessionIsRefusedWithTheReasonAndTheFix() {
        EngineFacts facts = EngineFacts.parse(EngineKind.PODMAN, PODMAN_ROOTLESS_V1);
        StringWriter err = new StringWriter();
        assertThatThrownBy(() -> facts.requireEnforcedLimits(false, new PrintWriter(err)))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("cannot enforce the sandbox's CPU, memory and pids limits")
                .satisfies(e -> assertThat(((PolicyException) e).fix())
                        .contains("rootful Podman", "Docker", "systemd.unified_cgroup_hierarchy=1", EngineFacts.ACCEPT_FLAG));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void withTheOptInItStartsLoudly() {
        EngineFacts facts = EngineFacts.parse(EngineKind.PODMAN, PODMAN_ROOTLESS_V1);
        StringWriter err = new StringWriter();
        assertThat(facts.requireEnforcedLimits(true, new PrintWriter(err))).isFalse();
        assertThat(err.toString()).startsWith("paude: WARNING: rootless podman").contains(EngineFacts.ACCEPT_FLAG);
        StringWriter quiet = new StringWriter();
        assertThat(EngineFacts.parse(EngineKind.PODMAN, podman(false, "v1")).requireEnforcedLimits(true, new PrintWriter(quiet)))
                .isTrue();
        assertThat(quiet.toString()).isEmpty();
    }

    @Test
    void unreadableInfoNamesTheCommandToCheck() {
        assertThatThrownBy(() -> EngineFacts.parse(EngineKind.PODMAN, "not json"))
                .isInstanceOf(EngineException.class).hasMessageContaining("info");
    }
}
