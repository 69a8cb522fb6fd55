package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.Forge;
import io.paude.steps.support.GitServer;
import io.paude.steps.support.HostGit;
import io.paude.steps.support.Readme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.containers.Container;

/**
 * Tasks 1 and 6 through git: local commits work; a push over SSH fails for lack of a route and of a key; there are
 * no credentials for git inside the sandbox, so a push over HTTPS is refused while a fetch works; a token in a
 * remote URL is warned about, masked, and a residual risk the README names.
 */
public class GitRemoteSteps {
    private final World world;
    private final Forge forge;
    private Cmd.Result git;

    public GitRemoteSteps(World world, Forge forge) {
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

    @Given("the user's home has a credentials store and a global git configuration that uses it")
    public void hostCredentialStore() throws Exception {
        String line = "https://" + GitServer.USER + ":" + GitServer.TOKEN + "@" + GitServer.HOST + "\n";
        Files.writeString(world.home.resolve(".git-credentials"), line);
        Files.createDirectories(world.home.resolve(".config/git"));
        Files.writeString(world.home.resolve(".config/git/credentials"), line);
        Files.writeString(world.home.resolve(".gitconfig"), "[user]\n\tname = Jane Host\n\temail = jane@example.org\n"
                + "[credential]\n\thelper = store\n");
    }

    @Then("the agent's git has no credential helper")
    public void noHelper() {
        assertThat(forge.agentGit("git config --get-all credential.helper").out().strip()).isEqualTo("exit=1");
        Cmd.Result all = forge.agentGit("git config --list --show-origin");
        assertThat(all.out()).contains("user.name=Jane Host").doesNotContainIgnoringCase("credential").endsWith("exit=0\n");
    }

    @Then("the agent has no ~\\/.git-credentials, no ~\\/.config\\/git\\/credentials and no keychain helper")
    public void noStoredCredentials() {
        Cmd.Result r = forge.agentGit("ls ~/.git-credentials ~/.config/git/credentials; ls /usr/lib/git-core | grep -E "
                + "'credential-(libsecret|gnome-keyring|osxkeychain|manager)'");
        assertThat(r.out()).contains("cannot access '/home/paude/.git-credentials': No such file or directory")
                .contains("cannot access '/home/paude/.config/git/credentials': No such file or directory")
                .doesNotContain("credential-libsecret").doesNotContain("gnome-keyring").endsWith("exit=1\n");
    }

    @Then("asking git for the forge's credentials fails because terminal prompts are disabled")
    public void credentialFillFails() {
        Cmd.Result r = forge.agentGit("printf 'protocol=https\\nhost=" + GitServer.HOST + "\\n\\n' | git credential fill");
        assertThat(r.out()).contains("terminal prompts disabled").doesNotContain(GitServer.TOKEN).doesNotContain("exit=0");
    }

    @When("the agent clones the forge's public repository over HTTPS")
    public void agentClones() {
        git = forge.agentGit("cd /tmp && git clone https://" + GitServer.HOST + "/public.git clone && cat clone/README");
    }

    @Then("the clone succeeds")
    public void cloneSucceeds() {
        assertThat(git.out()).contains("public fixture repository").endsWith("exit=0\n");
    }

    @When("the agent commits to the clone and pushes over HTTPS")
    public void agentPushesHttps() {
        git = forge.agentGit("cd /tmp/clone && echo change >> README && git -c user.name=agent -c user.email=agent@paude.test "
                + "commit -q -am 'agent change' && git push origin main");
    }

    @Then("the push fails because git could not read a user name with terminal prompts disabled")
    public void pushNeedsCredentials() {
        assertThat(git.out()).contains("could not read Username for 'https://" + GitServer.HOST + "': terminal prompts disabled")
                .doesNotContain("exit=0");
    }

    @Then("the forge answered the push with 401 and received no pack")
    public void forge401() {
        assertThat(forge.server().log()).contains("fixture-git 401 GET /public.git/info/refs?service=git-receive-pack")
                .doesNotContain("POST /public.git/git-receive-pack");
    }

    @Then("a fetch from the forge still works")
    public void fetchWorks() {
        Cmd.Result r = forge.agentGit("cd /tmp/clone && git fetch origin && git rev-parse origin/main");
        assertThat(r.out()).containsPattern("[0-9a-f]{40}").endsWith("exit=0\n");
    }

    @Then("the forge accepts a push with its credentials, so the server was not the obstacle")
    public void forgeAcceptsCredentials() {
        Container.ExecResult r = forge.server().shell("d=$(mktemp -d) && cd $d && export GIT_SSL_CAINFO=/fixture/ca.pem && "
                + "git clone -q https://localhost/public.git c && cd c && git push -q https://" + GitServer.USER + ":"
                + GitServer.TOKEN + "@localhost/scratch.git main:refs/heads/control-" + forge.branch);
        assertThat(r.getExitCode()).as(r.getStderr()).isZero();
    }

    @Then("paude warns that the remote carries credentials, showing only a masked token")
    public void warnsMasked() {
        assertThat(world.launched.err()).contains("paude: warning: the workspace's git configuration carries credentials")
                .contains("https://" + GitServer.USER + ":" + GitServer.TOKEN.substring(0, 4) + "****@" + GitServer.HOST
                        + "/scratch.git");
    }

    @Then("the token appears nowhere in paude's output or in the session's files")
    public void tokenNowhere() throws Exception {
        assertThat(world.launched.both()).doesNotContain(GitServer.TOKEN);
        Path dir = world.sessionDir(world.session);
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).isNotEmpty();
            for (Path f : all) {
                assertThat(new String(Files.readAllBytes(f))).as(f.toString()).doesNotContain(GitServer.TOKEN);
            }
        }
        assertThat(world.refreshedAgent().raw()).doesNotContain(GitServer.TOKEN);
    }

    @When("the agent pushes a new branch to that remote")
    public void pushBranch() {
        git = forge.agentGit("git push origin main:refs/heads/residual-" + forge.branch);
    }

    @Then("the forge received the branch")
    public void forgeReceived() {
        assertThat(git.out()).endsWith("exit=0\n");
        Container.ExecResult r = forge.server().shell("git --git-dir=/srv/git/scratch.git rev-parse refs/heads/residual-" + forge.branch);
        assertThat(r.getExitCode()).isZero();
    }

    @Then("the README documents this residual risk and the user's responsibility")
    public void readmeResidualRisk() {
        assertThat(Readme.section("Workspace protection")).contains("Credentials in remote URLs").contains("residual risk")
                .contains("your responsibility");
    }
}
