package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
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
 * The workspace's git history survives the session: inside the sandbox git keeps every reflog entry and object,
 * whatever the agent writes into git's config; and whatever the agent did to .git, the history comes back (the
 * launcher's report at session end with the command that recovers each loss, {@code paude git restore}, and the
 * README's recovery procedure).
 */
public class GitHistorySteps {
    private static final String RECOVER = "recover: paude ";
    private static final String AGENT_ID = "-c user.name=agent -c user.email=agent@sandbox.invalid";
    private final World world;
    private final HistoryRepo repo;

    public GitHistorySteps(World world, HistoryRepo repo) {
        this.world = world;
        this.repo = repo;
    }

    @Then("the agent's environment sets {string} to {string} through GIT_CONFIG_COUNT")
    public void envSets(String key, String value) {
        List<String> env = world.agentEvidence().env();
        int count = env.stream().filter(e -> e.startsWith("GIT_CONFIG_COUNT=")).map(e -> Integer.parseInt(e.substring(17)))
                .findFirst().orElseThrow(() -> new AssertionError("no GIT_CONFIG_COUNT in " + env));
        boolean set = false;
        for (int i = 0; i < count; i++) {
            if (env.contains("GIT_CONFIG_KEY_" + i + "=" + key)) {
                assertThat(env).contains("GIT_CONFIG_VALUE_" + i + "=" + value);
                set = true;
            }
        }
        assertThat(set).as("%s among the first %d GIT_CONFIG_KEY_n of %s", key, count, env).isTrue();
    }

    @When("the agent sets gc.reflogExpire, gc.reflogExpireUnreachable and gc.pruneExpire to {string} in the repository's config, resets main by two commits and runs git gc")
    public void weakenAndGc(String expiry) {
        ok(weaken(expiry) + " && git reset -q --hard HEAD~2 && sleep 1 && git gc -q");
    }

    private static String weaken(String expiry) {
        return "git config gc.reflogExpire " + expiry + " && git config gc.reflogExpireUnreachable " + expiry
                + " && git config gc.pruneExpire " + expiry;
    }

    /** Runs {@code shell} in the repository inside the agent, which must succeed. */
    private void ok(String shell) {
        Cmd.Result r = repo.inRepo(shell);
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @Then("git inside still reports {string} for gc.pruneExpire")
    public void stillReports(String value) {
        Cmd.Result r = repo.inRepo("git config --get gc.pruneExpire; git config --local --get gc.pruneExpire");
        assertThat(r.out().lines().toList()).containsExactly(value, "now");
    }

    @Then("the reset-away commit is still in main's reflog and its object exists")
    public void stillInReflog() {
        String tip = repo.ref("refs/heads/main");
        Cmd.Result r = repo.inRepo("git log -g --format=%H main; git cat-file -e " + tip + " && echo object-present");
        assertThat(r.out().lines().toList()).contains(tip, "object-present");
    }

    @Then("the same commands in a clone without the session's git environment lose the commit")
    public void controlLoses() {
        Cmd.Result r = world.inAgent("env -u GIT_CONFIG_COUNT sh -c 'git init -q /tmp/ctl && cd /tmp/ctl"
                + " && for i in 1 2 3; do echo $i > f; git add f; git " + AGENT_ID + " commit -qm c$i; done"
                + " && tip=$(git rev-parse HEAD) && " + weaken("now") + " && git reset -q --hard HEAD~2 && sleep 1 && git gc -q"
                + " && { git log -g --format=%H main | grep -c $tip; git cat-file -e $tip 2>/dev/null && echo object-present || echo object-lost; }'");
        assertThat(r.out().lines().toList()).as("%s", r).containsExactly("0", "object-lost");
    }

    @When("the agent rewrites every commit of main with {string}")
    public void rewrite(String command) {
        ok(command.replaceFirst("^git ", "git " + AGENT_ID + " "));
    }

    @When("the agent runs {string} in the repository")
    public void agentRuns(String command) {
        ok(command);
    }

    @Then("main no longer points at the commit it had before the session")
    public void mainMoved() {
        assertThat(repo.inRepo("git rev-parse main").out().strip()).isNotEqualTo(repo.ref("refs/heads/main"));
        assertThat(repo.inRepo("git log --format=%cn -1 main").out().strip()).isEqualTo("agent");
    }

    @Then("main points at the commit it had before the session")
    public void mainBack() {
        assertThat(repo.inRepo("git rev-parse main").out().strip()).isEqualTo(repo.ref("refs/heads/main"));
    }

    @Given("the agent changed a tracked file")
    public void changedTracked() {
        ok("echo agent-was-here > f3.txt");
    }

    @Then("git inside the sandbox says {string}")
    public void gitSays(String text) {
        assertThat(repo.inRepo("git status 2>&1; true").out()).contains(text);
    }

    @When("the agent also creates a new branch {string} \\(a change that loses nothing)")
    public void newBranch(String name) {
        ok("git branch " + name);
    }

    @When("the agent expires every reflog and prunes unreachable objects with {string}")
    public void pruneAll(String gc) {
        ok("git reflog expire --expire=now --expire-unreachable=now --all && " + gc + " -q");
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
