package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import io.paude.steps.support.SandboxStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The agent under gVisor: what the engine reports of its runtime and what the agent sees of its kernel. */
public class GvisorSteps {
    private final World world;

    public GvisorSteps(World world) {
        this.world = world;
    }

    private static String defaultRuntime() {
        return Engine.cli("info", "--format", Engine.NAME.equals("podman") ? "{{.Host.OCIRuntime.Name}}" : "{{.DefaultRuntime}}")
                .out().strip();
    }

    private static String hostRelease() throws Exception {
        return Files.readAllLines(Path.of("/proc/sys/kernel/osrelease")).get(0).strip();
    }

    @Then("the engine reports the runtime {string} for the agent and the engine's default runtime for the proxy")
    public void runtimes(String runtime) {
        assertThat(world.agentEvidence().runtime()).isEqualTo(runtime);
        assertThat(world.proxyEvidence().runtime()).isEqualTo(defaultRuntime()).isNotEqualTo(runtime);
    }

    @Then("the engine reports the engine's default runtime for the agent")
    public void defaultForAgent() {
        assertThat(world.agentEvidence().runtime()).isEqualTo(defaultRuntime()).isNotEqualTo("runsc");
    }

    @Then("the agent sees gVisor's kernel: release 4.4.0, not the host's")
    public void gvisorKernel() throws Exception {
        var r = world.inAgent("uname -r; cat /proc/version");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("4.4.0").isNotEqualTo(hostRelease());
        assertThat(lines.get(1)).doesNotContain(hostRelease());
    }

    @Then("the agent sees the host's kernel release")
    public void hostKernel() throws Exception {
        var r = world.inAgent("uname -r");
        assertThat(r.out().strip()).isEqualTo(hostRelease());
    }

    @Then("the session record names the runtime {string}")
    public void recordNames(String runtime) throws Exception {
        String record = Files.readString(world.sessionDir(world.session).resolve("session.json"));
        assertThat(record).containsPattern("\"runtime\":\\s*\"" + runtime + "\"");
    }

    @Then("the agent's seccomp filter is in force")
    public void seccompInForce() {
        // mode 2 from the agent's own view, and a call paude's profile refuses (unshare of a user namespace: EPERM)
        var r = world.inAgent("grep '^Seccomp:' /proc/self/status; unshare -U true; echo \"unshare=$?\"");
        assertThat(r.out()).containsPattern("Seccomp:\\s*2").contains("unshare=1");
        assertThat(r.err()).contains("Operation not permitted");
    }

    @When("the user runs paude doctor with {string}")
    public void doctorWith(String flags) {
        world.runPaude(SandboxStart.args(world, List.of("doctor"), world.workspace.dir(), flags.strip().split(" +")));
    }

    @Then("the engine reports for the agent under gVisor a process limit of {int} and a host pids backstop of {int}")
    public void gvisorPids(int nproc, int backstop) {
        ContainerEvidence.Limits limits = world.agentEvidence().limits();
        assertThat(limits.pidsLimit()).isEqualTo(backstop);
        assertThat(limits.ulimit("nproc")).isEqualTo(new ContainerEvidence.Ulimit(nproc, nproc));
        var r = world.inAgent("bash -c 'ulimit -u; ulimit -Hu'");
        assertThat(r.out().lines()).containsExactly(String.valueOf(nproc), String.valueOf(nproc));
    }

    @Then("paude said the sandbox ended at the memory limit under gVisor and that the session is over")
    public void sandboxEndedReported() {
        assertThat(world.agent.err()).as("%s", world.agent)
                .contains("paude: the sandbox of session " + world.session + " ended while the command ran")
                .contains("Under gVisor a command that reaches the memory limit ends the whole sandbox")
                .contains("remove it with 'paude stop " + world.session + "'");
    }

    /**
     * Why it ended, as the engine reports it: killed by the OOM killer (Docker reports it; Podman on cgroup v1 reports
     * only the SIGKILL, docs/podman.md), and no longer running.
     */
    @Then("the engine reports the agent's container ended by the memory limit")
    public void endedByMemoryLimit() {
        ContainerEvidence.State state = world.refreshedAgent().state();
        assertThat(state.running()).as("%s", state).isFalse();
        assertThat(state.exitCode()).as("%s", state).isEqualTo(137);
        if (Engine.NAME.equals("docker")) {
            assertThat(state.oomKilled()).as("%s", state).isTrue();
        }
    }
}
