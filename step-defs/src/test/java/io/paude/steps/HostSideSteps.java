package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.HostGit;
import io.paude.steps.support.Plant;
import io.paude.steps.support.SandboxStart;
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

/** The host side of the sandbox: paude's own commands on a workspace the agent wrote, and where a workspace may be. */
public class HostSideSteps {
    private static final Pattern BACKUP = Pattern.compile("git history backed up .* to \\S+/backups/(\\S+)");
    private final World world;
    private Plant plant;
    private Path marker;
    private Path control;
    private String firstBackup;
    private Cmd.Result plantSession;
    private final List<String> ran = new ArrayList<>();

    public HostSideSteps(World world) {
        this.world = world;
    }

    @After
    public void removeCopies() {
        Cmd.removeTrees(marker, control);
    }

    @Given("a git repository in the workspace with a commit on main and an untracked secret file")
    public void repository() {
        HostGit.initWithCommit(world.workspace.dir());
        world.workspace.write(".env", "PLAIN=1\n");
        world.workspace.chownToOwner();
    }

    @When("the agent plants {string} in the repository and rewrites main, inside the sandbox")
    public void agentPlants(String label) {
        plant = Plant.named(label);
        marker = Path.of("/tmp/paude-plant-" + Long.toHexString(System.nanoTime()));
        Cmd.Result r = world.runPaude(world.runArgs(List.of(), List.of("sh", "-c",
                "set -e; git -c user.name=agent -c user.email=agent@sandbox commit -q --amend -m rewritten; " + plant.script(marker.toString()))));
        assertThat(r.exit()).as("%s", r).isZero();
        plantSession = r;
        Matcher m = BACKUP.matcher(r.err());
        assertThat(m.find()).as("the session backed up the repository:\n%s", r.err()).isTrue();
        firstBackup = m.group(1);
        control = Path.of(world.workspace.dir() + "-control");
        Cmd.Result copy = Cmd.run(List.of("cp", "-a", world.workspace.dir().toString(), control.toString()), Map.of(), Duration.ofSeconds(60));
        assertThat(copy.exit()).as("%s", copy).isZero();
        ran.add("the end of the session that planted it");
        noMarker();
    }

    @Then("the session's end report named the planted change, with the command that puts back the configuration")
    public void reportNamed() {
        assertThat(plantSession.err()).as("%s", plantSession)
                .containsPattern("warning: git: the session changed [^\\n]*" + Pattern.quote(plant.reported()))
                .contains("paude git restore --config --backup " + firstBackup);
    }

    @When("the user runs every host-side paude command on the workspace, in the order a recovery takes")
    public void everyHostCommand() throws IOException {
        String ws = world.workspace.dir().toString();
        paude("paude git backups --verify", List.of("git", "backups", "--verify", "--workspace", ws));
        paude("the recovery command of the end report", recovery("refs/heads/main"));
        paude("the next session's start (backup, tracked-secret check, secrets scan)",
                world.runArgs(List.of(), List.of("true")));
        Path elsewhere = Files.createTempDirectory("paude-restored-");
        try {
            // the latest backup: the one the next start took, which holds the plant
            paude("paude git restore --into DIR --checkout", List.of("git", "restore", "--into", elsewhere.toString(), "--checkout",
                    "--workspace", ws));
        } finally {
            Cmd.removeTrees(elsewhere);
        }
        paude("paude git restore --config", List.of("git", "restore", "--config", "--backup", firstBackup, "--workspace", ws));
        paude("paude git restore --force --checkout", List.of("git", "restore", "--force", "--checkout", "--workspace", ws));
        paude("paude secrets scan", List.of("secrets", "scan", "--workspace", ws));
    }

    @Then("none of them ran the planted program")
    public void noneRan() {
        noMarker();
        assertThat(ran).hasSize(8);
    }

    @Then("the planted program runs when the user runs {string}-like plain git in a copy of the planted workspace outside paude")
    public void controlRuns(String ignored) {
        // the copy goes back to the workspace's own path, since plants may name it absolutely
        Path ws = world.workspace.dir();
        Path after = Path.of(ws + "-after");
        assertThat(Cmd.run(List.of("sh", "-c", "mv '" + ws + "' '" + after + "' && mv '" + control + "' '" + ws + "'"), Map.of(),
                Duration.ofSeconds(60)).exit()).isZero();
        control = after;
        Cmd.Result r = HostGit.plain(ws, plant.trigger());
        assertThat(marker).as("the plant is live: '%s' ran it\n%s", plant.trigger(), r).exists();
    }

    private void paude(String what, List<String> args) {
        Cmd.Result r = world.runPaude(args);
        ran.add(what);
        assertThat(r.exit()).as("%s: %s", what, r).isIn(0, 1);
        assertThat(marker).as("%s ran the planted program:\n%s", what, r).doesNotExist();
    }

    private void noMarker() {
        assertThat(marker).as("after %s", ran).doesNotExist();
    }

    private List<String> recovery(String ref) {
        return plantSession.err().lines().map(String::strip).filter(l -> l.startsWith("recover: paude ") && l.contains("--ref " + ref + " "))
                .map(l -> Arrays.asList(l.substring("recover: paude ".length()).split(" "))).findFirst()
                .orElseThrow(() -> new AssertionError("no recovery command for " + ref + " in:\n" + plantSession.err()));
    }

    // ---- where a workspace may be --------------------------------------------------------------------------------

    @When("the user starts a session whose workspace is {word}")
    public void startsOn(String which) throws IOException {
        world.containersBefore = world.paudeContainers();
        Path ws = switch (which) {
            case "the-home-directory" -> world.home;
            case "a-directory-holding-the-home-directory" -> world.home.getParent();
            case "paude's-state-directory" -> Files.createDirectories(world.paude.stateDir().resolve("sessions"));
            case "the-agent's-host-configuration" -> Files.createDirectories(world.home.resolve(".claude"));
            case "the-paude-checkout" -> Suite.repo();
            case "the-engine's-socket-directory" -> Path.of("/run");
            case "a-project-in-the-home-directory" -> Files.createDirectories(world.home.resolve("projects/app"));
            default -> throw new IllegalArgumentException(which);
        };
        world.runPaude(SandboxStart.args(world, List.of("run", "--agent", "shell"), ws, "--", "true"));
    }

    @Then("the start is refused because the workspace {string} {string}, with the fix")
    public void refused(String how, String what) {
        assertThat(world.launched.exit()).as("%s", world.launched).isEqualTo(77); // refused by a guard
        assertThat(world.launched.err()).contains(" " + how + " " + what).contains("the agent could change what runs on the host")
                .contains("fix: pass --workspace with a project directory");
    }

    @Then("the session runs")
    public void runs() {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        assertThat(world.launched.err()).doesNotContain("could change what runs on the host");
    }
}
