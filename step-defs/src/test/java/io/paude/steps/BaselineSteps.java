package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.Engine;
import io.paude.steps.support.KernelView;
import io.paude.steps.support.RecorderEvidence;
import io.paude.steps.support.Workspace;
import java.nio.file.Files;
import java.util.List;

/** The unprivileged baseline, by the engine's configuration and from inside the agent. */
public class BaselineSteps {
    private final World world;

    public BaselineSteps(World world) {
        this.world = world;
    }

    @Then("the agent's uid is not 0, and the engine reports that the agent's command drops to a non-root user")
    public void nonRoot() {
        Cmd.Result r = world.inAgent("id -u; id -g");
        assertThat(r.out().lines()).containsExactly(String.valueOf(Workspace.OWNER), String.valueOf(Workspace.OWNER));
        // The container's user is the recorder's (root); the recorder runs the agent's command with these ids.
        RecorderEvidence.assertCommandRunsAgentAs(world.agentEvidence(), Workspace.OWNER);
    }

    @Then("the agent's files in the workspace belong to the workspace's owner")
    public void filesOwned() throws Exception {
        world.inAgent("echo hello > made-by-agent.txt");
        var file = world.workspace.dir().resolve("made-by-agent.txt");
        assertThat(file).hasContent("hello");
        assertThat((Integer) Files.getAttribute(file, "unix:uid")).isEqualTo(Workspace.OWNER);
    }

    @Then("the agent's effective and bounding capability sets are empty")
    public void noCaps() {
        Cmd.Result r = world.inAgent("grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status");
        // gVisor shows no CapAmb line; the ambient set is a subset of the permitted and inheritable ones, both empty
        assertThat(r.out().lines()).hasSize(KernelView.GVISOR ? 4 : 5)
                .allSatisfy(l -> assertThat(l).endsWith("0000000000000000"));
    }

    @Then("every process of the agent's user has empty effective and bounding sets, while PID 1 keeps only the recorder's four")
    public void everyProcess() {
        Cmd.Result r = world.inAgent("sleep 30 & p=$!; for s in /proc/[0-9]*/status; do "
                + "awk '/^Pid:/{p=$2} /^Uid:/{u=$2} /^CapEff:/{e=$2} /^CapBnd:/{b=$2} /^NoNewPrivs:/{n=$2} "
                + "END{if (n == \"\") n = \"-\"; print p, u, e, b, n}' $s "
                + "2>/dev/null; done; kill $p");
        List<String[]> procs = r.out().lines().map(l -> l.split(" ")).filter(f -> f.length == 5).toList();
        List<String[]> agents = procs.stream().filter(f -> !f[1].equals("0")).toList();
        assertThat(agents).hasSizeGreaterThanOrEqualTo(3).allSatisfy(f -> {
            assertThat(f[1]).isEqualTo(String.valueOf(Workspace.OWNER));
            assertThat(f[2]).as("CapEff of pid " + f[0]).isEqualTo("0000000000000000");
            assertThat(f[3]).as("CapBnd of pid " + f[0]).isEqualTo("0000000000000000");
            // gVisor shows no NoNewPrivs line ("-"): the agent's own flag is read by prctl there (noNewPrivs)
            assertThat(f[4]).as("NoNewPrivs of pid " + f[0]).isEqualTo(KernelView.GVISOR ? "-" : "1");
        });
        // CAP_SETGID (6), CAP_SETUID (7), CAP_SETPCAP (8), CAP_SYS_PTRACE (19): the recorder's, and nothing else.
        assertThat(procs).anySatisfy(f -> assertThat(f).containsExactly("1", "0", "00000000000801c0", "00000000000801c0",
                KernelView.GVISOR ? "-" : "1"));
    }

    @Then("the engine reports that all capabilities are dropped and only the recorder's SETUID, SETGID, SETPCAP and SYS_PTRACE added back")
    public void capsByEngine() {
        RecorderEvidence.assertOnlyRecorderCapabilities(world.agentEvidence());
    }

    @Then("the agent's NoNewPrivs flag is set")
    public void noNewPrivs() {
        if (!KernelView.GVISOR) { // gVisor's /proc shows no NoNewPrivs line
            assertThat(world.inAgent("grep NoNewPrivs /proc/self/status").out()).containsPattern("NoNewPrivs:\\s+1");
        }
        assertThat(world.inAgent(KernelView.NO_NEW_PRIVS).out().strip()).isEqualTo("1");
    }

    @Then("the engine reports no-new-privileges for the agent")
    public void noNewPrivsByEngine() {
        assertThat(world.agentEvidence().securityOpt()).contains("no-new-privileges");
    }

    @Then("the image has no setuid or setgid programs")
    public void noSetuid() {
        Cmd.Result r = world.inAgent("find / -xdev -perm /6000 -type f 2>/dev/null | head; echo done");
        assertThat(r.out().strip()).isEqualTo("done");
        Cmd.Result su = world.inAgent("su -c id root 2>&1; sudo id 2>&1; echo rc=$?");
        assertThat(su.out()).doesNotContain("uid=0");
    }

    @Then("Claude Code answers with its pinned version inside the sandbox")
    public void claudeVersion() {
        String pinned = Engine.inspect(io.paude.steps.support.TestImages.AGENT,
                "{{index .Config.Labels \"io.paude.claude-code-version\"}}");
        assertThat(pinned).matches("\\d+\\.\\d+\\.\\d+");
        Cmd.Result r = world.inAgent("claude --version");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains(pinned).contains("Claude Code");
    }

    @Then("bash, git, curl and the CA certificates are present inside the sandbox")
    public void tools() {
        Cmd.Result r = world.inAgent("bash --version | head -1; git --version; curl --version | head -1; "
                + "test -s /etc/ssl/certs/ca-certificates.crt && echo ca-ok");
        assertThat(r.out()).contains("GNU bash").contains("git version").contains("curl ").contains("ca-ok");
    }

    @Then("the engine reports that the agent image runs as a non-root user by default")
    public void imageUser() {
        String user = Engine.inspect(io.paude.steps.support.TestImages.AGENT, "{{.Config.User}}");
        assertThat(user).isNotBlank().doesNotStartWith("0").isNotEqualTo("root");
    }

    @Then("no container engine socket is reachable from the agent")
    public void noSocket() {
        Cmd.Result r = world.inAgent("ls -l /var/run/docker.sock /run/docker.sock /run/podman/podman.sock "
                + "/var/run/podman/podman.sock 2>&1; echo rc=$?");
        assertThat(r.out()).contains("No such file or directory").doesNotContain("rc=0");
        assertThat(world.agentEvidence().mountSources(false)).noneMatch(source -> source.contains(".sock"));
    }
}
