package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import io.paude.steps.support.SandboxStart;
import io.paude.steps.support.Suite;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Steps about a session's life: signals, crashes, prune, start/exec/stop. */
public class LifecycleSteps {
    private final World world;
    private Process launcher;
    private String running;

    public LifecycleSteps(World world) {
        this.world = world;
    }

    @Given("a long-running command started with paude run")
    public void longRunning() throws Exception {
        world.workspace.write(World.CA_FILE, world.internet().caPem());
        // Started with SIGINT at its default disposition, as a terminal's Ctrl-C finds a foreground launcher. A suite
        // run in the background (nohup, a CI script) inherits SIGINT ignored, and the JVM keeps an ignored SIGINT
        // ignored (as nohup asks); perl (Debian's essential perl-base) resets it before it execs the launcher.
        List<String> argv = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec {$ARGV[0]} @ARGV or die \"exec: $!\"",
                "java", "-jar", Suite.jar().toString()));
        argv.addAll(SandboxStart.args(world, List.of("run", "--agent", "shell"), world.workspace.dir(), "--", "sleep", "300"));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", world.home.toString());
        pb.environment().put("PAUDE_ENGINE", Engine.NAME);
        launcher = pb.start();
        String pid = Long.toString(launcher.pid());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<String> agents = Engine.containersLabelled("paude.launcher-pid=" + pid);
            running = World.sessionWithAgentAmong(agents);
            assertThat(ContainerEvidence.read(World.agentOf(running)).state().running()).isTrue();
        });
    }

    /**
     * The agent's command ({@code sleep 3600}, the shell agent's) runs: the recorder started it once the proxy was
     * ready, which under gVisor comes a few tenths of a second after {@code paude start} returned. Read from the
     * engine's own exec, outside the audit.
     */
    @Given("the agent's command runs")
    public void commandRuns() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(Engine.cli("exec", world.agentName(), "ps", "-eo", "user=,args=").out().lines())
                        .as("the agent's processes").anyMatch(l -> l.strip().matches("paude\\s+sleep 3600")));
    }

    @When("the launcher receives SIGTERM")
    public void sigterm() {
        signal("TERM");
    }

    @When("the launcher receives SIGINT")
    public void sigint() {
        signal("INT");
    }

    @When("the launcher is killed without a chance to clean up")
    public void sigkill() {
        signal("KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> !launcher.isAlive());
    }

    private void signal(String sig) {
        Cmd.Result r = Cmd.run(List.of("kill", "-" + sig, Long.toString(launcher.pid())), Map.of(), Duration.ofSeconds(10));
        assertThat(r.exit()).isZero();
    }

    @Then("the launcher exits")
    public void launcherExits() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !launcher.isAlive());
    }

    @Then("no container or network of the running session remains")
    public void nothingOfRunning() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Engine.containersLabelled("paude.session=" + running)).isEmpty();
            assertThat(Engine.networksLabelled("paude.session=" + running)).isEmpty();
        });
    }

    @Then("the session's containers are still there")
    public void stillThere() {
        assertThat(Engine.containersLabelled("paude.session=" + running)).hasSize(2);
    }

    @When("the user runs paude prune")
    public void prune() {
        Cmd.Result r = world.runPaude(List.of("prune"));
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("removed " + running);
    }

    @When("the user lists the sessions")
    public void list() {
        world.runPaude(List.of("list"));
    }

    @Then("the list shows the session with a running agent and a running proxy")
    public void listShows() {
        assertThat(world.launched.exit()).isZero();
        assertThat(world.launched.out().lines().filter(l -> l.startsWith(world.session + " ")))
                .singleElement().satisfies(l -> assertThat(l).contains("detached").containsPattern("running\\s+running"));
    }

    @Then("a command run in the session with paude exec passes its exit code through")
    public void execExitCode() {
        Cmd.Result r = world.inAgent("echo out-of-sandbox; exit 7");
        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.out()).contains("out-of-sandbox");
    }

    @When("the user stops the session")
    public void stop() {
        Cmd.Result r = world.runPaude(List.of("stop", world.session));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @Then("no container or network of the current session remains")
    public void nothingOfCurrent() {
        assertThat(Engine.containersLabelled("paude.session=" + world.session)).isEmpty();
        assertThat(Engine.networksLabelled("paude.session=" + world.session)).isEmpty();
    }

    @Then("paude prune leaves other users' sessions alone")
    public void pruneLeavesDetached() {
        String other = world.startSandbox();
        Cmd.Result r = world.runPaude(List.of("prune"));
        assertThat(r.exit()).isZero();
        assertThat(Engine.containersLabelled("paude.session=" + other)).hasSize(2);
    }

    private static final String TTY_CHECK = "tty; test -t 0 && echo stdin-is-a-terminal";

    @When("the user opens a shell with paude from a terminal and types a command")
    public void fromTerminal() {
        String paude = "java -jar " + Suite.jar() + " run --agent shell --workspace " + world.workspace.dir()
                + " --egress-network " + world.internet().networkName();
        // script(1) gives the launcher a pseudo-terminal, as an interactive user has; the typed line goes to bash
        world.launched = Cmd.run(List.of("sh", "-c", "(sleep 3; printf '" + TTY_CHECK + "; exit\\n') | script -qec '"
                + paude + "' /dev/null"), Map.of("HOME", world.home.toString(), "PAUDE_ENGINE", Engine.NAME), Duration.ofMinutes(2));
    }

    @When("the user runs the same command with paude from a script")
    public void fromScript() {
        world.runPaude(world.runArgs(List.of(), List.of("sh", "-c", TTY_CHECK)));
    }

    @Then("the command ran with a terminal attached")
    public void withTerminal() {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        assertThat(world.launched.out()).contains("/dev/pts/").contains("stdin-is-a-terminal");
    }

    @Then("the command ran without a terminal")
    public void withoutTerminal() {
        assertThat(world.launched.out()).as("%s", world.launched).contains("not a tty").doesNotContain("stdin-is-a-terminal");
    }

    @After
    public void killLauncher() {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroyForcibly();
        }
        if (running != null) {
            world.paude.run(List.of("stop", running));
        }
    }
}
