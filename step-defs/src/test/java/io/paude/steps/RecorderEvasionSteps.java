package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.AuditRecord;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.KernelView;
import io.paude.steps.support.RecorderEvidence;
import io.paude.steps.support.Workspace;
import java.util.List;
import java.util.Map;

/**
 * Recording does not depend on the agent's cooperation: it can neither kill nor trace the recorder, nor answer its
 * own execs with a seccomp listener, and holds no privilege although the recorder is root.
 */
public class RecorderEvasionSteps {
    /** seccomp(SECCOMP_SET_MODE_FILTER, flags, {1, [RET ALLOW]}) from Python, flags 8 (NEW_LISTENER) then 0. */
    private static final String INSTALL_FILTERS = "python3 -c '\n"
            + "import ctypes, os, subprocess\n"
            + "libc = ctypes.CDLL(None, use_errno=True)\n"
            + "class F(ctypes.Structure): _fields_ = [(\"code\", ctypes.c_ushort), (\"jt\", ctypes.c_ubyte), (\"jf\", ctypes.c_ubyte), (\"k\", ctypes.c_uint)]\n"
            + "class P(ctypes.Structure): _fields_ = [(\"len\", ctypes.c_ushort), (\"filter\", ctypes.POINTER(F))]\n"
            + "prog = P(1, (F * 1)(F(0x06, 0, 0, 0x7fff0000)))\n"
            + "for name, flags in ((\"listener\", 8), (\"plain\", 0)):\n"
            + "    r = libc.syscall(317, 1, flags, ctypes.byref(prog)); e = ctypes.get_errno()\n"
            + "    print(\"== \" + name); print(\"rc=%d %s\" % (r, os.strerror(e) if r < 0 else \"installed\"))\n"
            + "print(\"== filters\"); print(open(\"/proc/self/status\").read().split(\"Seccomp_filters:\")[1].split()[0])\n"
            + "subprocess.run([\"/bin/echo\", \"marker-after-filters\"])\n"
            + "'";
    private final World world;
    private final AuditRecord audit;
    private Cmd.Result attempts;

    public RecorderEvasionSteps(World world, AuditRecord audit) {
        this.world = world;
        this.audit = audit;
    }

    @When("the agent tries to kill the recorders with SIGKILL and to trace PID 1")
    public void killRecorders() {
        attempts = world.inAgent(AuditRecord.ATTEMPT
                + "for p in $(pgrep -x paude-recorder); do a kill-$p kill -9 $p; done; a trace strace -p 1 -o /dev/null; true");
    }

    @Then("the kill attempts fail with {string}")
    public void killsFail(String reason) {
        Map<String, String> s = AuditRecord.sections(attempts.out());
        List<String> kills = s.keySet().stream().filter(k -> k.startsWith("kill-")).toList();
        // PID 1 and the recorder of this very exec
        assertThat(kills).as(attempts.out()).contains("kill-1").hasSizeGreaterThanOrEqualTo(2);
        kills.forEach(k -> assertThat(s.get(k)).as(k).contains(reason).doesNotContain("rc=0"));
    }

    @Then("tracing PID 1 fails with {string}")
    public void traceFails(String reason) {
        assertThat(AuditRecord.sections(attempts.out()).get("trace")).contains(reason).doesNotContain("rc=0");
    }

    @Then("the agent can kill a process of its own")
    public void killOwn() {
        Cmd.Result r = world.inAgent("sleep 60 & p=$!; kill -9 $p; wait $p; echo rc=$?");
        assertThat(r.out()).contains("rc=137");
    }

    @Then("the session still runs and records {string}")
    public void stillRecords(String argv) {
        audit.ran(argv);
        assertThat(world.refreshedAgent().state().running()).isTrue();
        assertThat(audit.recorded(argv).path("exit").asInt(-1)).isZero();
    }

    @Then("the agent's processes run under two seccomp filters, the engine's profile and the recorder's")
    public void twoFilters() {
        Cmd.Result r = world.inAgent("grep -E '^Seccomp(_filters)?:' /proc/self/status");
        assertThat(r.out()).contains("Seccomp:\t2").contains("Seccomp_filters:\t2");
        assertThat(world.agentEvidence().securityOpt()).anyMatch(o -> o.startsWith("seccomp="));
    }

    @When("the agent installs a seccomp filter with a listener, and then one without")
    public void installFilters() {
        if (!"x86_64".equals(world.inAgent("uname -m").out().strip())) {
            throw new AssertionError("this scenario makes the raw x86_64 seccomp call (317)");
        }
        attempts = world.inAgent(INSTALL_FILTERS);
    }

    @Then("installing the filter with a listener fails with {string}")
    public void listenerRefused(String reason) {
        assertThat(AuditRecord.sections(attempts.out()).get("listener")).as(attempts.out()).contains("rc=-1 " + reason);
    }

    @Then("the filter without a listener is installed, and the agent's execs are still recorded")
    public void plainFilterInstalled() {
        Map<String, String> s = AuditRecord.sections(attempts.out());
        assertThat(s.get("plain")).as(attempts.out()).contains("rc=0 installed");
        assertThat(s.get("filters")).as(attempts.out()).startsWith("3\n");
        assertThat(audit.recorded("/bin/echo marker-after-filters").path("exit").asInt(-1)).isZero();
    }

    @Then("PID 1 is the recorder running as root, and the agent's shell runs as the workspace's owner")
    public void pid1() {
        Cmd.Result r = world.inAgent("cat /proc/1/comm; stat -c %u /proc/1; id -u; grep -E '^(CapBnd|NoNewPrivs)' /proc/self/status; "
                + KernelView.NO_NEW_PRIVS);
        assertThat(r.out().lines().toList()).startsWith("paude-recorder", "0", String.valueOf(Workspace.OWNER))
                .contains("CapBnd:\t0000000000000000").endsWith("1");
        if (!KernelView.GVISOR) { // gVisor's /proc shows no NoNewPrivs line
            assertThat(r.out().lines().toList()).contains("NoNewPrivs:\t1");
        }
    }

    @Then("the engine reports exactly SETUID, SETGID, SETPCAP and SYS_PTRACE added, only for the recorder")
    public void capAddByEngine() {
        ContainerEvidence agent = world.agentEvidence();
        RecorderEvidence.assertOnlyRecorderCapabilities(agent);
        assertThat(agent.user()).isEqualTo("0:0");
        RecorderEvidence.assertCommandRunsAgentAs(agent, Workspace.OWNER);
    }
}
