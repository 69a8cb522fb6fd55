package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.HostGit;
import io.paude.steps.support.SandboxStart;
import io.paude.steps.support.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code paude demo}: the project it makes in the scenario's HOME, and the session it starts there. */
public class DemoSteps {
    private static final String FIRST_COMMIT = "The demo project: a sum function and its test";
    private static final String AGENT_COMMIT = "the agent's first file";
    /** What the agent does in the demo: a new file, committed with the demo's own identity. */
    private static final String ADD_AND_COMMIT = "echo 'made in the sandbox' > agent.txt && git add agent.txt "
            + "&& git commit -q -m \"" + AGENT_COMMIT + "\" && git log --oneline";

    private final World world;

    public DemoSteps(World world) {
        this.world = world;
    }

    private Path demoDir() {
        return world.home.resolve("paude-demo");
    }

    /** {@code paude demo [DIR] [options] -- CMD}, its egress through the fixture internet as every scenario's. */
    private void demo(List<String> dir, List<String> command) {
        List<String> a = new ArrayList<>(List.of("demo"));
        a.addAll(dir);
        a.addAll(SandboxStart.egress(world));
        if (!command.isEmpty()) {
            a.add("--");
            a.addAll(command);
        }
        world.containersBefore = world.paudeContainers();
        world.runPaude(a);
    }

    @Given("the user ran paude demo with a command that adds a file and commits it")
    @When("the user runs paude demo with a command that adds a file and commits it")
    public void demoCommits() {
        demo(List.of(), List.of("sh", "-c", ADD_AND_COMMIT));
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        assertThat(world.launched.out()).contains(AGENT_COMMIT);
    }

    @When("the user runs paude demo again with {string}")
    public void demoAgain(String command) {
        demo(List.of(), List.of(command.split(" ")));
    }

    @When("the user runs paude demo without a model credential and without a terminal")
    public void demoWithoutCredential() {
        demo(List.of(), List.of());
    }

    @Given("the workspace holds a file of the user's")
    public void userFile() {
        world.workspace.write("notes.txt", "the user's notes\n");
    }

    @When("the user runs paude demo on the workspace")
    public void demoOnWorkspace() {
        demo(List.of(world.workspace.dir().toString()), List.of("true"));
    }

    @When("the user runs paude demo with {string} on an empty directory")
    public void demoOnEmpty(String command) {
        Path empty = world.home.resolve("empty-demo");
        try {
            Files.createDirectory(empty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        demo(List.of(empty.toString()), List.of(command.split(" ")));
    }

    /**
     * The default demo of a user who runs paude as root is under /root, a directory the agent image keeps 0700: the
     * agent must still reach the workspace by its absolute path (node and git resolve it from /). The directory is
     * removed afterwards: it is in the real home of root.
     */
    @When("the user runs paude demo in a new directory under root's home with {string}")
    public void demoUnderRootsHome(String command) {
        assertThat(System.getProperty("user.name")).as("this scenario needs the suite to run as root").isEqualTo("root");
        Path dir = Path.of("/root", "paude-demo-suite-" + world.home.getFileName());
        try {
            demo(List.of(dir.toString()), List.of("sh", "-c", command));
        } finally {
            Cmd.removeTrees(dir);
        }
    }

    @Then("paude says it {word} the demo project in {string}")
    public void says(String verb, String where) {
        String dir = where.replace("~", world.home.toString());
        String expected = verb.equals("made") ? "paude: made the demo project in " + dir : "paude: reusing the demo project in " + dir;
        assertThat(world.launched.err()).as("%s", world.launched).contains(expected);
    }

    @Then("the demo project's history is the agent's commit of that file on top of the demo's first commit")
    public void historyOnHost() {
        assertThat(HostGit.ok(demoDir(), "log", "--format=%s").lines()).containsExactly(AGENT_COMMIT, FIRST_COMMIT);
        assertThat(HostGit.ok(demoDir(), "show", "--name-only", "--format=", "HEAD")).isEqualTo("agent.txt");
        assertThat(HostGit.ok(demoDir(), "status", "--porcelain")).isEmpty();
    }

    /**
     * The agent runs as the workspace's owner, or as uid 1000 when it is root's: the demo is made to be writable.
     * Checked before any git of the suite's runs there (as root, git status would rewrite .git/index as root's).
     */
    @Then("the demo project belongs to the user the agent runs as")
    public void ownedByAgent() throws IOException {
        int expected = "root".equals(System.getProperty("user.name")) ? Workspace.OWNER
                : (Integer) Files.getAttribute(world.home, "unix:uid");
        try (var all = Files.walk(demoDir())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("owner of %s", p).isEqualTo(expected);
            }
        }
    }

    @Then("the command's output lists the agent's commit above the demo's first commit")
    public void outputLists() {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        assertThat(world.launched.out().lines().toList()).containsExactly(AGENT_COMMIT, FIRST_COMMIT);
    }

    @Then("the error names the three ways to give Claude Code a credential")
    public void threeWays() {
        assertThat(world.launched.err()).contains("ANTHROPIC_API_KEY").contains("CLAUDE_CODE_OAUTH_TOKEN")
                .contains("claude setup-token").contains("CLAUDE_CODE_USE_VERTEX=1");
    }

    @Then("the workspace holds only the user's file")
    public void untouched() throws IOException {
        try (var entries = Files.list(world.workspace.dir())) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
        }
        assertThat(Files.readString(world.workspace.dir().resolve("notes.txt"))).isEqualTo("the user's notes\n");
    }
}
