package io.paude.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentRuntimeTest {
    @Test
    void parsesItsNamesAndRefusesOthersWithTheChoices() {
        assertThat(AgentRuntime.parse("runsc")).isEqualTo(AgentRuntime.GVISOR);
        assertThat(AgentRuntime.parse("gVisor")).isEqualTo(AgentRuntime.GVISOR);
        assertThat(AgentRuntime.parse("default")).isEqualTo(AgentRuntime.DEFAULT);
        assertThat(AgentRuntime.parse("runc")).isEqualTo(AgentRuntime.DEFAULT);
        assertThatThrownBy(() -> AgentRuntime.parse("kata")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("unknown runtime 'kata'")
                .satisfies(e -> assertThat(((PolicyException) e).fix()).contains("default, runsc"));
    }

    @Test
    void underGvisorTheHostPidsLimitIsABackstopFarAboveTheAgentsOwn() {
        assertThat(AgentRuntime.DEFAULT.hostPids(512)).isEqualTo(512);
        assertThat(AgentRuntime.GVISOR.hostPids(64)).isEqualTo(64 * 48 + 1024);
    }

    @Test
    void underGvisorTheDefaultPidsLimitIsSmallerAndALimitTakingAQuarterOfTheHostsIdsIsRefused() {
        assertThat(AgentRuntime.GVISOR.defaultPids(512)).isEqualTo(128);
        assertThat(AgentRuntime.DEFAULT.defaultPids(512)).isEqualTo(512);
        AgentRuntime.GVISOR.checkPids(128, 32768);
        AgentRuntime.DEFAULT.checkPids(100000, 32768);
        assertThatThrownBy(() -> AgentRuntime.GVISOR.checkPids(512, 32768)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("--pids-limit 512 under gVisor would let the session hold up to 25600 of this host's 32768")
                .satisfies(e -> assertThat(((PolicyException) e).fix()).isEqualTo("use --pids-limit 149 or less with --runtime runsc"));
    }

    @Test
    void gvisorOnceAskedForByEitherFileStays() {
        assertThat(AgentRuntime.stronger("runsc", "default")).isEqualTo("runsc");
        assertThat(AgentRuntime.stronger("default", "runsc")).isEqualTo("runsc");
        assertThat(AgentRuntime.stronger(null, "default")).isEqualTo("default");
        assertThat(AgentRuntime.stronger("runsc", null)).isEqualTo("runsc");
        assertThat(AgentRuntime.stronger(null, null)).isNull();
    }
}
