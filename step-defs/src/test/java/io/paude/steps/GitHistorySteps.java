package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.Suite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Steps about git history: the host-side backup, git inside the sandbox, the end-of-session report, restore. */
public class GitHistorySteps {
    private static final Pattern BACKUP_DIR = Pattern.compile("backed up .* to (\\S+/backups/(\\S+))");
    private static final String AGENT_ID = "-c user.name=agent -c user.email=agent@sandbox.invalid";
    private final World world;
    /** Every ref ("sha name") and the stash entries of the repository before any session. */
    private String stateBefore;
    private final List<String> startErrs = new ArrayList<>();

    public GitHistorySteps(World world) {
        this.world = world;
    }

    // ---- the repository ------------------------------------------------------------------------------------------

    @Given("a git repository in the workspace with branches \"main\" and \"topic\", tags \"v1\" and \"v2\" and two stash entries")
    public void aRepository() {
        host("git init -q -b main && for i in 1 2 3 4; do echo $i > f$i.txt; git add . && git commit -qm c$i; done"
                + " && git tag v1 HEAD~1 && git tag -a -m release v2 HEAD~2"
                + " && git checkout -q -b topic HEAD~1 && echo t > t.txt && git add t.txt && git commit -qm t1 && git checkout -q main"
                + " && echo s1 >> f1.txt && git stash -q && echo s2 >> f2.txt && git stash -q");
        world.workspace.chownToOwner();
        stateBefore = state();
        assertThat(stateBefore).contains("refs/heads/topic", "refs/tags/v2", "refs/stash");
        assertThat(stateBefore.lines().filter(l -> l.startsWith("stash ")).count()).isEqualTo(2);
    }

    /** Runs a shell command in the workspace on the host, with git configured so nothing planted there runs. */
    private Cmd.Result host(String shell) {
        Cmd.Result r = Cmd.run(List.of("sh", "-c", "cd " + world.workspace.dir() + " && " + shell), Map.ofEntries(
                Map.entry("GIT_CONFIG_GLOBAL", "/dev/null"), Map.entry("GIT_CONFIG_COUNT", "5"),
                Map.entry("GIT_CONFIG_KEY_0", "safe.directory"), Map.entry("GIT_CONFIG_VALUE_0", "*"),
                Map.entry("GIT_CONFIG_KEY_1", "user.name"), Map.entry("GIT_CONFIG_VALUE_1", "user"),
                Map.entry("GIT_CONFIG_KEY_2", "user.email"), Map.entry("GIT_CONFIG_VALUE_2", "user@host.invalid"),
                Map.entry("GIT_CONFIG_KEY_3", "core.hooksPath"), Map.entry("GIT_CONFIG_VALUE_3", "/dev/null"),
                Map.entry("GIT_CONFIG_KEY_4", "core.fsmonitor"), Map.entry("GIT_CONFIG_VALUE_4", "false")), Duration.ofSeconds(60));
        assertThat(r.exit()).as("%s", r).isZero();
        return r;
    }

    private String state() {
        return host("git for-each-ref --format='%(objectname) %(refname)' && git log -g --format='stash %H' refs/stash").out();
    }

    private String ref(String name) {
        return stateBefore.lines().filter(l -> l.endsWith(" " + name)).map(l -> l.substring(0, l.indexOf(' '))).findFirst().orElseThrow();
    }

    // ---- sessions ------------------------------------------------------------------------------------------------

    @When("a sandbox starts on the workspace")
    @Given("a sandbox started on the workspace")
    public void sandboxStarts() {
        world.startSandbox();
        startErrs.add(world.started.err());
    }

    @Given("backups are limited to 2 per repository by the command-line flag")
    public void keepByFlag() {
        keepArgs = List.of("--git-backups-keep", "2");
    }

    @Given("backups are limited to 2 per repository by the user's config")
    public void keepByConfig() throws IOException {
        Path cfg = world.home.resolve(".config/paude/config.json");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, "{\"gitBackups\": {\"keep\": 2}}");
    }

    private List<String> keepArgs = List.of();

    @When("{int} sessions start and stop on the workspace")
    public void sessionsStartAndStop(int n) {
        for (int i = 0; i < n; i++) {
            world.startSandbox(keepArgs.toArray(String[]::new));
            startErrs.add(world.started.err());
            assertThat(world.runPaude(List.of("stop", world.session)).exit()).isZero();
        }
    }

    private String backupId(String startErr) {
        Matcher m = BACKUP_DIR.matcher(startErr);
        assertThat(m.find()).as("the launcher's output names the backup:\n%s", startErr).isTrue();
        return m.group(2);
    }

    private Path backupDir(String startErr) {
        Matcher m = BACKUP_DIR.matcher(startErr);
        assertThat(m.find()).as("the launcher's output names the backup:\n%s", startErr).isTrue();
        return Path.of(m.group(1));
    }

    // ---- the backup ----------------------------------------------------------------------------------------------

    @Then("the launcher printed where the git backup went")
    public void printedWhere() {
        Path dir = backupDir(world.started.err());
        assertThat(dir).startsWith(world.paude.stateDir().resolve("git-backups")).isDirectory();
        assertThat(dir.startsWith(world.workspace.dir())).isFalse();
    }

    @Then("the latest git backup holds every ref of the repository and both stash entries")
    public void backupHoldsEverything() throws IOException {
        Path dir = backupDir(world.started.err());
        List<String> refs = stateBefore.lines().filter(l -> !l.startsWith("stash ")).sorted().toList();
        assertThat(Files.readString(dir.resolve("refs.txt")).lines().sorted().toList()).isEqualTo(refs);
        List<String> stashes = stateBefore.lines().filter(l -> l.startsWith("stash ")).map(l -> l.substring(6)).toList();
        String stashLog = Files.readString(dir.resolve("git/logs/refs/stash"));
        assertThat(stashes).allSatisfy(s -> assertThat(stashLog).contains(s));
    }

    @Then("{string} lists the backup as complete")
    public void listsComplete(String command) {
        List<String> args = new ArrayList<>(Arrays.asList(command.replaceFirst("^paude ", "").split(" ")));
        args.addAll(List.of("--workspace", world.workspace.dir().toString()));
        Cmd.Result r = world.runPaude(args);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains(backupId(world.started.err()) + ": complete");
    }

    @Then("no mount of the agent holds the git backups or a directory above them")
    public void noMountOfBackups() {
        Path backups = world.paude.stateDir().resolve("git-backups");
        List<Path> sources = world.agentEvidence().mountSources(false).stream().map(Path::of).toList();
        assertThat(sources).contains(world.workspace.dir());
        assertThat(sources).noneMatch(src -> backups.startsWith(src) || src.startsWith(backups));
    }

    @Then("the agent cannot list the git backup directory: {string}")
    public void cannotListBackup(String reason) {
        Path dir = backupDir(world.started.err());
        assertThat(dir.resolve("refs.txt")).isRegularFile();
        Cmd.Result r = world.inAgent("ls " + dir + " 2>&1; ls " + world.paude.stateDir() + " 2>&1; true");
        assertThat(r.out()).contains(dir + "': " + reason).contains(world.paude.stateDir() + "': " + reason);
    }

    @Then("the agent can list the workspace's .git directory")
    public void canListGit() {
        Cmd.Result r = world.inAgent("ls " + world.workspace.dir().resolve(".git"));
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("HEAD", "refs");
    }

    @Then("{int} git backups of the workspace remain, the newest ones")
    public void backupsRemain(int n) throws IOException {
        List<String> ids;
        try (Stream<Path> s = Files.list(world.paude.stateDir().resolve("git-backups"))) {
            Path repo = s.findFirst().orElseThrow();
            try (Stream<Path> b = Files.list(repo.resolve("backups"))) {
                ids = b.map(p -> p.getFileName().toString()).filter(x -> !x.startsWith(".")).sorted().toList();
            }
        }
        List<String> newest = startErrs.subList(startErrs.size() - n, startErrs.size()).stream().map(this::backupId).toList();
        assertThat(ids).containsExactlyElementsOf(newest);
    }

    @Then("the launcher announced that it pruned the oldest backup")
    public void announcedPrune() {
        assertThat(startErrs.get(startErrs.size() - 1)).contains("pruned git backup " + backupId(startErrs.get(0)));
        assertThat(startErrs.get(1)).doesNotContain("pruned");
    }

    // ---- git inside the sandbox ----------------------------------------------------------------------------------

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

    private Cmd.Result inRepo(String shell) {
        return world.inAgent("cd " + world.workspace.dir() + " && " + shell);
    }

    @When("the agent sets gc.reflogExpire, gc.reflogExpireUnreachable and gc.pruneExpire to {string} in the repository's config, resets main by two commits and runs git gc")
    public void weakenAndGc(String expiry) {
        Cmd.Result r = inRepo(weaken(expiry) + " && git reset -q --hard HEAD~2 && sleep 1 && git gc -q");
        assertThat(r.exit()).as("%s", r).isZero();
    }

    private static String weaken(String expiry) {
        return "git config gc.reflogExpire " + expiry + " && git config gc.reflogExpireUnreachable " + expiry
                + " && git config gc.pruneExpire " + expiry;
    }

    @Then("git inside still reports {string} for gc.pruneExpire")
    public void stillReports(String value) {
        Cmd.Result r = inRepo("git config --get gc.pruneExpire; git config --local --get gc.pruneExpire");
        assertThat(r.out().lines().toList()).containsExactly(value, "now");
    }

    @Then("the reset-away commit is still in main's reflog and its object exists")
    public void stillInReflog() {
        String tip = ref("refs/heads/main");
        Cmd.Result r = inRepo("git log -g --format=%H main; git cat-file -e " + tip + " && echo object-present");
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
        Cmd.Result r = inRepo(command.replaceFirst("^git ", "git " + AGENT_ID + " "));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @When("the agent runs {string} in the repository")
    public void agentRuns(String command) {
        Cmd.Result r = inRepo(command);
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @Then("main no longer points at the commit it had before the session")
    public void mainMoved() {
        assertThat(inRepo("git rev-parse main").out().strip()).isNotEqualTo(ref("refs/heads/main"));
        assertThat(inRepo("git log --format=%cn -1 main").out().strip()).isEqualTo("agent");
    }

    @Then("main points at the commit it had before the session")
    public void mainBack() {
        assertThat(inRepo("git rev-parse main").out().strip()).isEqualTo(ref("refs/heads/main"));
    }

    @Given("the agent changed a tracked file")
    public void changedTracked() {
        assertThat(inRepo("echo agent-was-here > f3.txt").exit()).isZero();
    }

    @Then("git inside the sandbox says {string}")
    public void gitSays(String text) {
        Cmd.Result r = inRepo("git status 2>&1; true");
        assertThat(r.out()).contains(text);
    }

    @When("the agent also creates a new branch {string} \\(a change that loses nothing)")
    public void newBranch(String name) {
        assertThat(inRepo("git branch " + name).exit()).isZero();
    }

    @When("the agent expires every reflog and prunes unreachable objects with {string}")
    public void pruneAll(String gc) {
        Cmd.Result r = inRepo("git reflog expire --expire=now --expire-unreachable=now --all && " + gc + " -q");
        assertThat(r.exit()).as("%s", r).isZero();
    }

    // ---- the report at session end --------------------------------------------------------------------------------

    @Then("the launcher reported that .git is gone, with the command that restores it")
    public void reportedGone() {
        assertThat(world.launched.err()).contains(".git is gone").contains("paude git restore --backup ");
    }

    @Then("the launcher reported {string} for {string} with a recovery command")
    public void reported(String what, String ref) {
        assertThat(world.launched.err()).contains("git: " + what + ": " + ref + " was " + ref(ref));
        assertThat(recoveryCommand(ref)).isNotEmpty();
    }

    @Then("the launcher did not report the new branch {string}")
    public void notReported(String name) {
        assertThat(world.launched.err()).doesNotContain("refs/heads/" + name).contains("git: ");
    }

    private List<String> recoveryCommand(String ref) {
        return world.launched.err().lines().map(String::strip).filter(l -> l.startsWith("recover: paude ") && l.contains("--ref " + ref + " "))
                .map(l -> Arrays.asList(l.substring("recover: paude ".length()).split(" "))).findFirst()
                .orElseThrow(() -> new AssertionError("no recovery command for " + ref + " in:\n" + world.launched.err()));
    }

    @When("the user runs the recovery command the launcher printed for {string}")
    public void runsRecovery(String ref) {
        Cmd.Result r = world.runPaude(recoveryCommand(ref));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @Then("{string} is as it was before the session")
    public void refBack(String ref) {
        assertThat(host("git rev-parse " + ref).out().strip()).isEqualTo(ref(ref));
        assertThat(host("git log --format=%H " + ref).out()).isNotBlank();
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

    // ---- restore ---------------------------------------------------------------------------------------------------

    @When("the user runs {string}")
    public void userRuns(String command) {
        List<String> args = new ArrayList<>(Arrays.asList(command.replaceFirst("^paude ", "").split(" ")));
        args.addAll(List.of("--workspace", world.workspace.dir().toString()));
        world.runPaude(args);
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
        assertThat(state()).isEqualTo(stateBefore);
    }

    @Then("git fsck is clean in the workspace")
    public void fsckClean() {
        Cmd.Result r = host("git fsck --no-dangling 2>&1");
        assertThat(r.out()).doesNotContain("error", "missing", "broken");
    }

    @Then("the changed tracked file still has the agent's content")
    public void trackedUntouched() throws IOException {
        assertThat(Files.readString(world.workspace.dir().resolve("f3.txt"))).isEqualTo("agent-was-here\n");
        assertThat(host("git status --porcelain").out()).contains(" M f3.txt");
    }

    @Then("it fails with exit code {int} because {string}")
    public void failsBecause(int code, String why) {
        assertThat(world.launched.exit()).as("%s", world.launched).isEqualTo(code);
        assertThat(world.launched.err()).contains(why);
    }

    @Then("the repository's refs are unchanged")
    public void unchanged() {
        assertThat(state()).isEqualTo(stateBefore);
    }

    @Then("it succeeds and the previous .git is kept beside the restored one")
    public void keptBeside() throws IOException {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        try (Stream<Path> s = Files.list(world.workspace.dir())) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(".git.paude-replaced-"));
        }
        assertThat(world.launched.out()).contains("kept the previous .git as");
    }

    // ---- documentation ---------------------------------------------------------------------------------------------

    @Then("every {string} command in the README's section {string} is accepted by the launcher")
    public void readmeCommands(String prefix, String section) throws IOException {
        String readme = Files.readString(Suite.repo().resolve("README.md"));
        int start = readme.indexOf("## " + section);
        assertThat(start).as("README has a section '%s'", section).isNotNegative();
        int end = readme.indexOf("\n## ", start + 3);
        String text = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> commands = text.lines().map(String::strip).filter(l -> l.startsWith(prefix + " "))
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
