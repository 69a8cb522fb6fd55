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
        assertThat(AgentRuntime.GVISOR.hostPids(64)).isEqualTo(64 * 16 + 1024);
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
