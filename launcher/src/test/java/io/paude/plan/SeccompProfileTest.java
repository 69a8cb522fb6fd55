package io.paude.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {
    private final JsonNode profile = parse();

    private static JsonNode parse() {
        try {
            return new ObjectMapper().readTree(SeccompProfile.json());
        } catch (Exception e) {
            throw new AssertionError("the profile is not JSON", e);
        }
    }

    private List<String> names(String action, int errno) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : profile.get("syscalls")) {
            boolean match = rule.get("action").asText().equals(action)
                    && (errno < 0 || rule.path("errnoRet").asInt(-1) == errno) && !rule.has("args");
            if (match) {
                rule.get("names").forEach(n -> out.add(n.asText()));
            }
        }
        return out;
    }

    @Test
    void denyByDefaultWithEnosysSoProgramsFallBack() {
        assertThat(profile.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(profile.get("defaultErrnoRet").asInt()).isEqualTo(SeccompProfile.ENOSYS);
    }

    @Test
    void namespaceMountAndKernelSurfaceCallsAreRefusedWithEperm() {
        assertThat(names("SCMP_ACT_ERRNO", SeccompProfile.EPERM)).contains("unshare", "setns", "mount", "keyctl", "bpf",
                "io_uring_setup", "perf_event_open", "open_by_handle_at", "init_module", "userfaultfd");
        assertThat(names("SCMP_ACT_ALLOW", -1)).doesNotContain("unshare", "setns", "mount", "keyctl", "bpf",
                "io_uring_setup", "clone", "clone3").doesNotContainAnyElementsOf(SeccompProfile.denied());
    }

    @Test
    void cloneOnlyWithoutNamespaceFlagsAndClone3FallsBack() {
        JsonNode clone = null;
        List<Long> refusedFlags = new ArrayList<>();
        for (JsonNode rule : profile.get("syscalls")) {
            if (rule.get("names").toString().equals("[\"clone\"]")) {
                if (rule.get("action").asText().equals("SCMP_ACT_ALLOW")) {
                    clone = rule;
                } else {
                    assertThat(rule.get("errnoRet").asInt()).isEqualTo(SeccompProfile.EPERM);
                    JsonNode a = rule.get("args").get(0);
                    assertThat(a.get("valueTwo").asLong()).isEqualTo(a.get("value").asLong());
                    refusedFlags.add(a.get("value").asLong());
                }
            }
        }
        assertThat(refusedFlags.stream().mapToLong(Long::longValue).reduce(0, (x, y) -> x | y))
                .as("every namespace flag is refused with EPERM").isEqualTo(SeccompProfile.CLONE_NAMESPACES);
        assertThat(clone).isNotNull();
        JsonNode arg = clone.get("args").get(0);
        assertThat(arg.get("op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
        assertThat(arg.get("value").asLong()).isEqualTo(0x10000000L | 0x20000000L | 0x40000000L | 0x04000000L
                | 0x08000000L | 0x00020000L | 0x02000000L); // NEWUSER NEWPID NEWNET NEWUTS NEWIPC NEWNS NEWCGROUP
        assertThat(arg.get("valueTwo").asLong()).isZero();
        assertThat(names("SCMP_ACT_ERRNO", SeccompProfile.ENOSYS)).containsExactly("clone3");
    }

    @Test
    void whatTheAgentsToolsAndTheRecorderNeedIsAllowed() {
        assertThat(names("SCMP_ACT_ALLOW", -1)).contains("execve", "fork", "vfork", "openat", "socket", "connect",
                "ptrace", "process_vm_readv", "seccomp", "prctl", "setresuid", "capset", "wait4", "epoll_wait");
    }

    @Test
    void theRecordersRulesAreTheSameProfileAsTheEnginesJson() {
        String rules = SeccompProfile.rules();
        assertThat(rules).contains("default errno 38\n", "allow execve\n", "errno 1 unshare\n", "errno 38 clone3\n",
                "allow clone 0 " + SeccompProfile.CLONE_NAMESPACES + " 0\n", "errno 1 clone 0 268435456 268435456\n");
        long allows = rules.lines().filter(l -> l.startsWith("allow ") && !l.startsWith("allow clone ")).count();
        assertThat(allows).isEqualTo(SeccompProfile.ALLOWED.size());
        long denies = rules.lines().filter(l -> l.startsWith("errno 1 ") && !l.contains(" clone ")).count();
        assertThat(denies).isEqualTo(SeccompProfile.denied().size());
    }

    @Test
    void theEnginesProfileAlsoAllowsWhatGvisorNamesOtherwiseAndTheRecordersRulesOnlyLinuxsNames() {
        // runsc resolves the engine's profile with gVisor's table (pselect6 is "pselect" there); the recorder's rules
        // go through libseccomp, which knows Linux's names only
        assertThat(names("SCMP_ACT_ALLOW", -1)).contains("pselect6", "pselect");
        assertThat(SeccompProfile.rules()).contains("allow pselect6\n").doesNotContain("allow pselect\n");
    }
}
