package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.HistoryRepo;
import io.paude.steps.support.Readme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whatever the agent did to .git, the history comes back: the launcher's report at session end with the command
 * that recovers each loss, {@code paude git restore}, and the README's recovery procedure.
 */
public class GitRecoverySteps {
    private static final String RECOVER = "recover: paude ";
    private final World world;
    private final HistoryRepo repo;

    public GitRecoverySteps(World world, HistoryRepo repo) {
        this.world = world;
        this.repo = repo;
    }

    @Then("the launcher reported that .git is gone, with the command that restores it")
    public void reportedGone() {
        assertThat(world.launched.err()).contains(".git is gone").contains("paude git restore --backup ");
    }

    @Then("the launcher reported {string} for {string} with a recovery command")
    public void reported(String what, String ref) {
        assertThat(world.launched.err()).contains("git: " + what + ": " + ref + " was " + repo.ref(ref));
        assertThat(recoveryCommand(ref)).isNotEmpty();
    }

    @Then("the launcher did not report the new branch {string}")
    public void notReported(String name) {
        assertThat(world.launched.err()).doesNotContain("refs/heads/" + name).contains("git: ");
    }

    private List<String> recoveryCommand(String ref) {
        return world.launched.err().lines().map(String::strip).filter(l -> l.startsWith(RECOVER) && l.contains("--ref " + ref + " "))
                .map(l -> Arrays.asList(l.substring(RECOVER.length()).split(" "))).findFirst()
                .orElseThrow(() -> new AssertionError("no recovery command for " + ref + " in:\n" + world.launched.err()));
    }

    @When("the user runs the recovery command the launcher printed for {string}")
    public void runsRecovery(String ref) {
        Cmd.Result r = world.runPaude(recoveryCommand(ref));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @Then("{string} is as it was before the session")
    public void refBack(String ref) {
        assertThat(repo.host("git rev-parse " + ref).out().strip()).isEqualTo(repo.ref(ref));
        assertThat(repo.host("git log --format=%H " + ref).out()).isNotBlank();
    }

    @Then("the launcher warned that the session changed {string}")
    public void warnedChanged(String what) {
        assertThat(world.launched.err()).containsPattern("warning: git: the session changed [^\\n]*" + Pattern.quote(what));
    }

    @Then("the launcher did not warn about {string} or {string}")
    public void didNotWarn(String a, String b) {
        assertThat(world.launched.err()).doesNotContain("config " + a).doesNotContain("config " + b);
        assertThat(world.launched.err()).contains("no branch or tag was deleted or rewritten");
    }

    @When("the user runs {string}")
    public void userRuns(String command) {
        repo.paudeOnWorkspace(command);
    }

    @When("the user runs {string} without a session having damaged anything")
    public void userRunsUndamaged(String command) {
        world.startSandbox();
        assertThat(world.runPaude(List.of("stop", world.session)).exit()).isZero();
        userRuns(command);
    }

    @Then("every ref, tag and stash entry is as it was before the session")
    public void allBack() {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        assertThat(repo.state()).isEqualTo(repo.stateBefore());
    }

    @Then("git fsck is clean in the workspace")
    public void fsckClean() {
        assertThat(repo.host("git fsck --no-dangling 2>&1").out()).doesNotContain("error", "missing", "broken");
    }

    @Then("the changed tracked file still has the agent's content")
    public void trackedUntouched() throws IOException {
        assertThat(Files.readString(world.workspace.dir().resolve("f3.txt"))).isEqualTo("agent-was-here\n");
        assertThat(repo.host("git status --porcelain").out()).contains(" M f3.txt");
    }

    @Then("it fails with exit code {int} because {string}")
    public void failsBecause(int code, String why) {
        assertThat(world.launched.exit()).as("%s", world.launched).isEqualTo(code);
        assertThat(world.launched.err()).contains(why);
    }

    @Then("the repository's refs are unchanged")
    public void unchanged() {
        assertThat(repo.state()).isEqualTo(repo.stateBefore());
    }

    @Then("it succeeds and the previous .git is kept beside the restored one")
    public void keptBeside() throws IOException {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        try (Stream<Path> s = Files.list(world.workspace.dir())) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(".git.paude-replaced-"));
        }
        assertThat(world.launched.out()).contains("kept the previous .git as");
    }

    @Then("every {string} command in the README's section {string} is accepted by the launcher")
    public void readmeCommands(String prefix, String section) {
        List<String> commands = Readme.section(section).lines().map(String::strip).filter(l -> l.startsWith(prefix + " "))
                .map(l -> l.replaceAll("\\s+#.*$", "")).toList();
        assertThat(commands).hasSizeGreaterThanOrEqualTo(3);
        for (String c : commands) {
            List<String> args = new ArrayList<>(Arrays.asList(c.substring("paude ".length()).split("\\s+")));
            args.add("--help");
            Cmd.Result r = world.runPaude(args);
            assertThat(r.exit()).as("README command '%s' is accepted: %s", c, r).isZero();
        }
    }
}
