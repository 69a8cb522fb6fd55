package io.paude.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecorderTest {
    @Test
    void underGvisorTheRecorderFollowsByPtraceAfterCheckingTheSeccompProfileIsInForce() {
        List<String> a = Recorder.wrap("main", 1000, 1000, AuditSettings.defaults(), List.of("bash"), Recorder.Role.PID1,
                AgentRuntime.GVISOR);
        assertThat(a.subList(0, 4)).containsExactly("/bin/sh", "-c", Recorder.GVISOR_SECCOMP_CHECK, "paude-seccomp-check");
        assertThat(a.subList(4, 8)).containsExactly(Recorder.BINARY, "--ptrace", "--seccomp-rules", Recorder.SECCOMP_RULES);
        assertThat(Recorder.GVISOR_SECCOMP_CHECK).contains("^Seccomp:[[:space:]]*2' /proc/self/status ||")
                .contains("exit 125").endsWith("exec \"$@\"");
        assertThat(a.get(a.size() - 1)).isEqualTo("bash");
    }

    @Test
    void anExecUnderGvisorHasNoShellInFrontSinceRunscAppliesNoProfileToExecsAndTheRecorderLoadsIt() {
        List<String> a = Recorder.wrap("exec-1", 1000, 1000, AuditSettings.defaults(), List.of("id"), Recorder.Role.EXEC,
                AgentRuntime.GVISOR);
        assertThat(a.subList(0, 5)).containsExactly(Recorder.BINARY, "--ptrace", "--seccomp-rules", Recorder.SECCOMP_RULES,
                "--detached");
    }

    @Test
    void onTheDefaultRuntimeTheRecorderIsTheFirstProcessWithSeccompNotification() {
        List<String> a = Recorder.wrap("main", 1000, 1000, AuditSettings.defaults(), List.of("bash"), Recorder.Role.EXEC);
        assertThat(a.get(0)).isEqualTo(Recorder.BINARY);
        assertThat(a).doesNotContain("--ptrace").contains("--detached");
    }
}
