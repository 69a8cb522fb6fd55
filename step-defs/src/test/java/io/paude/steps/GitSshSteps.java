package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.Forge;
import io.paude.steps.support.GitServer;
import io.paude.steps.support.HostGit;
import org.testcontainers.containers.Container;

/** Task 1 through git: local commits work, a push over SSH fails for lack of a route and of a key. */
public class GitSshSteps {
    private final World world;
    private final Forge forge;
    private Cmd.Result git;

    public GitSshSteps(World world, Forge forge) {
        this.world = world;
        this.forge = forge;
    }

    @When("the agent commits a change in the workspace")
    public void agentCommits() {
        git = forge.agentGit("echo change >> work.txt && git -c user.name=agent -c user.email=agent@paude.test "
                + "commit -q -am 'agent change' && git log --format=%s -1");
    }

    @Then("the commit succeeds")
    public void commitSucceeds() {
        assertThat(git.out()).contains("agent change").contains("exit=0");
        assertThat(HostGit.ok(world.workspace.dir(), "log", "--format=%s", "-1")).isEqualTo("agent change");
    }

    @When("the agent pushes to the remote")
    public void agentPushes() {
        git = forge.agentGit("git push origin main");
    }

    @Then("the push fails because the forge's name cannot be resolved for SSH")
    public void sshUnresolved() {
        assertThat(git.out()).contains("ssh: Could not resolve hostname " + GitServer.HOST)
                .contains("Could not read from remote repository").doesNotContain("exit=0");
    }

    @Then("the agent's TCP connection to the forge's address on port 22 fails because there is no route")
    public void noRouteTo22() {
        String probe = world.fromAgent().connect(forge.server().address(), 22);
        assertThat(probe).doesNotContain("connected").containsPattern("No route to host|Network is unreachable");
    }

    @Then("the proxy refuses a tunnel to the forge on port 22 with 403")
    public void proxyRefuses22() {
        assertThat(connectThroughProxy(GitServer.HOST + ":22")).startsWith("HTTP/1.1 403");
        // positive control in the same sandbox: the same host on 443 is tunnelled
        assertThat(connectThroughProxy(GitServer.HOST + ":443")).startsWith("HTTP/1.1 200");
    }

    private String connectThroughProxy(String target) {
        Cmd.Result r = world.inAgent("p=${HTTPS_PROXY#http://}; timeout 10 bash -c 'exec 3<>/dev/tcp/'${p%:*}'/'${p##*:}'; "
                + "printf \"CONNECT " + target + " HTTP/1.1\\r\\nHost: " + target + "\\r\\n\\r\\n\" >&3; head -n 1 <&3'");
        return r.out().strip();
    }

    @Then("the forge accepts SSH from a holder of its key, so the server was not the obstacle")
    public void forgeAcceptsKey() {
        Container.ExecResult r = forge.server().shell("GIT_SSH_COMMAND='ssh -i /fixture/client_key -o StrictHostKeyChecking=no "
                + "-o UserKnownHostsFile=/dev/null' git ls-remote git@localhost:/srv/git/public.git");
        assertThat(r.getExitCode()).as(r.getStderr()).isZero();
        assertThat(r.getStdout()).contains("refs/heads/main");
    }
}
