package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.HistoryRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A verifiable backup of the whole git history is taken on the host before each session, out of the agent's reach. */
public class GitBackupSteps {
    private final World world;
    private final HistoryRepo repo;
    private List<String> keepArgs = List.of();

    public GitBackupSteps(World world, HistoryRepo repo) {
        this.world = world;
        this.repo = repo;
    }

    @Given("a git repository in the workspace with branches \"main\" and \"topic\", tags \"v1\" and \"v2\" and two stash entries")
    public void aRepository() {
        repo.host("git init -q -b main && for i in 1 2 3 4; do echo $i > f$i.txt; git add . && git commit -qm c$i; done"
                + " && git tag v1 HEAD~1 && git tag -a -m release v2 HEAD~2"
                + " && git checkout -q -b topic HEAD~1 && echo t > t.txt && git add t.txt && git commit -qm t1 && git checkout -q main"
                + " && echo s1 >> f1.txt && git stash -q && echo s2 >> f2.txt && git stash -q");
        world.workspace.chownToOwner();
        String before = repo.recordState();
        assertThat(before).contains("refs/heads/topic", "refs/tags/v2", "refs/stash");
        assertThat(before.lines().filter(l -> l.startsWith("stash ")).count()).isEqualTo(2);
    }

    @When("a sandbox starts on the workspace")
    @Given("a sandbox started on the workspace")
    public void sandboxStarts() {
        world.startSandbox();
        repo.startErrs.add(world.started.err());
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

    @When("{int} sessions start and stop on the workspace")
    public void sessionsStartAndStop(int n) {
        for (int i = 0; i < n; i++) {
            world.startSandbox(keepArgs.toArray(String[]::new));
            repo.startErrs.add(world.started.err());
            assertThat(world.runPaude(List.of("stop", world.session)).exit()).isZero();
        }
    }

    @Then("the launcher printed where the git backup went")
    public void printedWhere() {
        Path dir = HistoryRepo.backupDir(world.started.err());
        assertThat(dir).startsWith(world.paude.stateDir().resolve("git-backups")).isDirectory();
        assertThat(dir.startsWith(world.workspace.dir())).isFalse();
    }

    @Then("the latest git backup holds every ref of the repository and both stash entries")
    public void backupHoldsEverything() throws IOException {
        Path dir = HistoryRepo.backupDir(world.started.err());
        List<String> refs = repo.stateBefore().lines().filter(l -> !l.startsWith("stash ")).sorted().toList();
        assertThat(Files.readString(dir.resolve("refs.txt")).lines().sorted().toList()).isEqualTo(refs);
        List<String> stashes = repo.stateBefore().lines().filter(l -> l.startsWith("stash ")).map(l -> l.substring(6)).toList();
        String stashLog = Files.readString(dir.resolve("git/logs/refs/stash"));
        assertThat(stashes).allSatisfy(s -> assertThat(stashLog).contains(s));
    }

    @Then("{string} lists the backup as complete")
    public void listsComplete(String command) {
        Cmd.Result r = repo.paudeOnWorkspace(command);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains(HistoryRepo.backupId(world.started.err()) + ": complete");
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
        Path dir = HistoryRepo.backupDir(world.started.err());
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
            Path dir = s.findFirst().orElseThrow();
            try (Stream<Path> b = Files.list(dir.resolve("backups"))) {
                ids = b.map(p -> p.getFileName().toString()).filter(x -> !x.startsWith(".")).sorted().toList();
            }
        }
        List<String> starts = repo.startErrs;
        List<String> newest = starts.subList(starts.size() - n, starts.size()).stream().map(HistoryRepo::backupId).toList();
        assertThat(ids).containsExactlyElementsOf(newest);
    }

    @Then("the launcher announced that it pruned the oldest backup")
    public void announcedPrune() {
        List<String> starts = repo.startErrs;
        assertThat(starts.get(starts.size() - 1)).contains("pruned git backup " + HistoryRepo.backupId(starts.get(0)));
        assertThat(starts.get(1)).doesNotContain("pruned");
    }
}
