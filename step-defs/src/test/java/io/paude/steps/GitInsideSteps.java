package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.HistoryRepo;
import java.util.List;

/** Inside the sandbox git keeps every reflog entry and object, whatever the agent writes into git's config. */
public class GitInsideSteps {
    private static final String AGENT_ID = "-c user.name=agent -c user.email=agent@sandbox.invalid";
    private final World world;
    private final HistoryRepo repo;

    public GitInsideSteps(World world, HistoryRepo repo) {
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
}
