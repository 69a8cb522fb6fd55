package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Forge;
import io.paude.steps.support.GitServer;
import io.paude.steps.support.HostGit;
import io.paude.steps.support.Readme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Task 5 and the repositories of tasks 1 and 6: the workspace's git repository and its remotes, the sandboxes on
 * it, the launcher's warnings when the workspace could not be recovered, and recovery by a clone of the remote.
 */
public class GitWorkspaceSteps {
    private final World world;
    private final Forge forge;
    private Path bareRemote;
    private Path cloneDir;

    public GitWorkspaceSteps(World world, Forge forge) {
        this.world = world;
        this.forge = forge;
    }

    private Path ws() {
        return world.workspace.dir();
    }

    @After
    public void removeHostRepositories() {
        Cmd.removeTrees(bareRemote, cloneDir);
    }

    @Given("a sandbox that allows the git forge")
    @When("the user starts a sandbox on the workspace that allows the git forge")
    public void sandboxWithForge() {
        forge.trustInWorkspace();
        world.startSandbox("--allow-domain", GitServer.HOST);
    }

    @When("the user starts a sandbox on a workspace that is not a git repository")
    @When("the user starts a sandbox on the workspace")
    public void startOnWorkspace() {
        world.startSandbox();
    }

    @Given("the workspace is a git repository whose remote is the git forge over SSH")
    public void sshRemote() {
        withRemote("ssh://git@" + GitServer.HOST + "/srv/git/public.git");
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
        withRemote("https://" + GitServer.USER + ":" + GitServer.TOKEN + "@" + GitServer.HOST + "/scratch.git");
    }

    private void withRemote(String url) {
        HostGit.initWithCommit(ws());
        HostGit.ok(ws(), "remote", "add", "origin", url);
        world.workspace.chownToOwner();
    }

    @Then("the sandbox is running")
    public void running() {
        assertThat(world.inAgent("echo alive").out()).contains("alive");
    }

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
    public void readmeResponsibility(String heading) {
        assertThat(Readme.section(heading)).contains("your responsibility").contains("push").contains("before");
    }

    @Then("it says how to recover by cloning the remote")
    public void readmeRecovery() {
        assertThat(Readme.section("Workspace protection")).contains("git clone");
    }
}
