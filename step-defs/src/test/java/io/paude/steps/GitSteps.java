package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.GitServer;
import io.paude.steps.support.HostGit;
import io.paude.steps.support.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.testcontainers.containers.Container;

/**
 * Tasks 1, 5 and 6 through git: pushes to the test internet's forge over SSH and HTTPS, the workspace's
 * repository and remotes, and the launcher's warnings about them.
 */
public class GitSteps {
    static final String GIT_CA = ".test-git-ca.pem";
    private final World world;
    private final String branch = "agent-" + UUID.randomUUID().toString().substring(0, 8);
    private Path bareRemote;
    private Path cloneDir;
    private Cmd.Result pushed;

    public GitSteps(World world) {
        this.world = world;
    }

    private GitServer forge() {
        return world.internet().gitServer();
    }

    private Path ws() {
        return world.workspace.dir();
    }

    /** git in the agent, trusting the forge's CA, its output and exit code on the last line. */
    private Cmd.Result agentGit(String shell) {
        return world.inAgent("export GIT_SSL_CAINFO=" + ws().resolve(GIT_CA) + "; ( " + shell + " ) 2>&1; echo exit=$?");
    }

    @After
    public void removeHostRepositories() {
        for (Path p : new Path[] {bareRemote, cloneDir}) {
            if (p != null) {
                Cmd.run(List.of("rm", "-rf", p.toString()), Map.of(), Duration.ofSeconds(30));
            }
        }
    }

    // ---- sandboxes and workspaces

    @Given("a sandbox that allows the git forge")
    @When("the user starts a sandbox on the workspace that allows the git forge")
    public void sandboxWithForge() {
        world.workspace.write(GIT_CA, forge().caPem());
        world.startSandbox("--allow-domain", GitServer.HOST);
    }

    @When("the user starts a sandbox on a workspace that is not a git repository")
    @When("the user starts a sandbox on the workspace")
    public void startOnWorkspace() {
        world.startSandbox();
    }

    @Given("the workspace is a git repository whose remote is the git forge over SSH")
    public void sshRemote() {
        HostGit.initWithCommit(ws());
        HostGit.ok(ws(), "remote", "add", "origin", "ssh://git@" + GitServer.HOST + "/srv/git/public.git");
        world.workspace.chownToOwner();
    }

    @Given("the workspace is a git repository without a remote")
    public void noRemote() {
        HostGit.initWithCommit(ws());
        world.workspace.chownToOwner();
    }

    @Given("the workspace is a git repository pushed to a bare repository on the host")
    public void pushedToBare() throws Exception {
        bareRemote = Files.createTempDirectory("paude-remote-");
        HostGit.ok(bareRemote, "init", "-q", "--bare", "-b", "main");
        HostGit.initWithCommit(ws());
        HostGit.ok(ws(), "remote", "add", "origin", bareRemote.toString());
        HostGit.ok(ws(), "push", "-q", "origin", "main");
        world.workspace.chownToOwner();
    }

    @Given("the workspace is a git repository whose remote URL carries the forge's token")
    public void tokenInUrl() {
        HostGit.initWithCommit(ws());
        HostGit.ok(ws(), "remote", "add", "origin",
                "https://" + GitServer.USER + ":" + GitServer.TOKEN + "@" + GitServer.HOST + "/scratch.git");
        world.workspace.chownToOwner();
    }

    @Then("the sandbox is running")
    public void running() {
        assertThat(world.inAgent("echo alive").out()).contains("alive");
    }

    // ---- task 1: SSH

    @When("the agent commits a change in the workspace")
    public void agentCommits() {
        pushed = agentGit("echo change >> work.txt && git -c user.name=agent -c user.email=agent@paude.test "
                + "commit -q -am 'agent change' && git log --format=%s -1");
    }

    @Then("the commit succeeds")
    public void commitSucceeds() {
        assertThat(pushed.out()).contains("agent change").contains("exit=0");
        assertThat(HostGit.ok(ws(), "log", "--format=%s", "-1")).isEqualTo("agent change");
    }

    @When("the agent pushes to the remote")
    public void agentPushes() {
        pushed = agentGit("git push origin main");
    }

    @Then("the push fails because the forge's name cannot be resolved for SSH")
    public void sshUnresolved() {
        assertThat(pushed.out()).contains("ssh: Could not resolve hostname " + GitServer.HOST)
                .contains("Could not read from remote repository").doesNotContain("exit=0");
    }

    @Then("the agent's TCP connection to the forge's address on port 22 fails because there is no route")
    public void noRouteTo22() {
        String probe = world.fromAgent().connect(forge().address(), 22);
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
        Container.ExecResult r = forge().shell("GIT_SSH_COMMAND='ssh -i /fixture/client_key -o StrictHostKeyChecking=no "
                + "-o UserKnownHostsFile=/dev/null' git ls-remote git@localhost:/srv/git/public.git");
        assertThat(r.getExitCode()).as(r.getStderr()).isZero();
        assertThat(r.getStdout()).contains("refs/heads/main");
    }

    // ---- task 6: HTTPS

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
        assertThat(agentGit("git config --get-all credential.helper").out().strip()).isEqualTo("exit=1");
        Cmd.Result all = agentGit("git config --list --show-origin");
        assertThat(all.out()).contains("user.name=Jane Host").doesNotContainIgnoringCase("credential").endsWith("exit=0\n");
    }

    @Then("the agent has no ~\\/.git-credentials, no ~\\/.config\\/git\\/credentials and no keychain helper")
    public void noStoredCredentials() {
        Cmd.Result r = agentGit("ls ~/.git-credentials ~/.config/git/credentials; ls /usr/lib/git-core | grep -E "
                + "'credential-(libsecret|gnome-keyring|osxkeychain|manager)'");
        assertThat(r.out()).contains("cannot access '/home/paude/.git-credentials': No such file or directory")
                .contains("cannot access '/home/paude/.config/git/credentials': No such file or directory")
                .doesNotContain("credential-libsecret").doesNotContain("gnome-keyring").endsWith("exit=1\n");
    }

    @Then("asking git for the forge's credentials fails because terminal prompts are disabled")
    public void credentialFillFails() {
        Cmd.Result r = agentGit("printf 'protocol=https\\nhost=" + GitServer.HOST + "\\n\\n' | git credential fill");
        assertThat(r.out()).contains("terminal prompts disabled").doesNotContain(GitServer.TOKEN).doesNotContain("exit=0");
    }

    @When("the agent clones the forge's public repository over HTTPS")
    public void agentClones() {
        pushed = agentGit("cd /tmp && git clone https://" + GitServer.HOST + "/public.git clone && cat clone/README");
    }

    @Then("the clone succeeds")
    public void cloneSucceeds() {
        assertThat(pushed.out()).contains("public fixture repository").endsWith("exit=0\n");
    }

    @When("the agent commits to the clone and pushes over HTTPS")
    public void agentPushesHttps() {
        pushed = agentGit("cd /tmp/clone && echo change >> README && git -c user.name=agent -c user.email=agent@paude.test "
                + "commit -q -am 'agent change' && git push origin main");
    }

    @Then("the push fails because git could not read a user name with terminal prompts disabled")
    public void pushNeedsCredentials() {
        assertThat(pushed.out()).contains("could not read Username for 'https://" + GitServer.HOST + "': terminal prompts disabled")
                .doesNotContain("exit=0");
    }

    @Then("the forge answered the push with 401 and received no pack")
    public void forge401() {
        assertThat(forge().log()).contains("fixture-git 401 GET /public.git/info/refs?service=git-receive-pack")
                .doesNotContain("POST /public.git/git-receive-pack");
    }

    @Then("a fetch from the forge still works")
    public void fetchWorks() {
        Cmd.Result r = agentGit("cd /tmp/clone && git fetch origin && git rev-parse origin/main");
        assertThat(r.out()).containsPattern("[0-9a-f]{40}").endsWith("exit=0\n");
    }

    @Then("the forge accepts a push with its credentials, so the server was not the obstacle")
    public void forgeAcceptsCredentials() {
        Container.ExecResult r = forge().shell("d=$(mktemp -d) && cd $d && export GIT_SSL_CAINFO=/fixture/ca.pem && "
                + "git clone -q https://localhost/public.git c && cd c && git push -q https://" + GitServer.USER + ":"
                + GitServer.TOKEN + "@localhost/scratch.git main:refs/heads/control-" + branch);
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
        pushed = agentGit("git push origin main:refs/heads/residual-" + branch);
    }

    @Then("the forge received the branch")
    public void forgeReceived() {
        assertThat(pushed.out()).endsWith("exit=0\n");
        Container.ExecResult r = forge().shell("git --git-dir=/srv/git/scratch.git rev-parse refs/heads/residual-" + branch);
        assertThat(r.getExitCode()).isZero();
    }

    @Then("the README documents this residual risk and the user's responsibility")
    public void readmeResidualRisk() throws Exception {
        String section = readmeSection("## Workspace protection");
        assertThat(section).contains("Credentials in remote URLs").contains("residual risk").contains("your responsibility");
    }

    // ---- task 5: workspace

    @Then("the engine reports the workspace mounted read-write at the same path")
    public void workspaceMount() {
        assertThat(world.agentEvidence().mounts()).contains(new ContainerEvidence.Mount("bind", ws().toString(), ws().toString(), true));
    }

    @Then("a file the agent writes at the workspace's path appears in the user's workspace")
    public void agentWritesWorkspace() {
        assertThat(world.inAgent("echo from-agent > " + ws().resolve("from-agent.txt") + " && pwd").out().strip())
                .isEqualTo(ws().toString());
        assertThat(ws().resolve("from-agent.txt")).hasContent("from-agent");
    }

    @Then("paude warns that the workspace is not a git repository and points to {string}")
    public void warnsNoRepo(String section) {
        assertThat(world.launched.err()).contains("paude: warning: the workspace " + ws() + " is not a git repository")
                .contains(section);
    }

    @Then("paude warns that the repository has no remote and points to {string}")
    public void warnsNoRemote(String section) {
        assertThat(world.launched.err()).contains("paude: warning: the git repository of the workspace " + ws()
                + " has no remote").contains(section);
    }

    @Then("paude gives no workspace warning")
    public void noWarning() {
        assertThat(world.launched.err()).doesNotContain("not a git repository").doesNotContain("has no remote")
                .doesNotContain("carries credentials");
        assertThat(world.launched.exit()).isZero();
    }

    @When("the agent deletes every file of the workspace, .git included")
    public void agentDestroys() {
        Cmd.Result r = world.inAgent("rm -rf " + ws() + "/.[!.]* " + ws() + "/* && ls -A " + ws() + " | wc -l");
        assertThat(r.out().strip()).isEqualTo("0");
    }

    @Then("the workspace is empty")
    public void workspaceEmpty() throws Exception {
        try (Stream<Path> entries = Files.list(ws())) {
            assertThat(entries).isEmpty();
        }
    }

    @Then("a clone of the remote has the committed work")
    public void cloneRecovers() throws Exception {
        cloneDir = Files.createTempDirectory("paude-recovered-");
        HostGit.ok(cloneDir, "clone", "-q", bareRemote.toString(), "recovered");
        assertThat(cloneDir.resolve("recovered/work.txt")).hasContent("committed work");
    }

    @Then("the README's {string} section says the user must push before a session")
    public void readmeResponsibility(String heading) throws Exception {
        assertThat(readmeSection("## " + heading)).contains("your responsibility").contains("push")
                .contains("before");
    }

    @Then("it says how to recover by cloning the remote")
    public void readmeRecovery() throws Exception {
        assertThat(readmeSection("## Workspace protection")).contains("git clone");
    }

    private static String readmeSection(String heading) throws Exception {
        String readme = Files.readString(Suite.repo().resolve("README.md"));
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("README has a section " + heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
