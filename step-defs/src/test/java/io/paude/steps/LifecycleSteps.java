package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.audit.Recorder;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import io.paude.steps.support.SandboxStart;
import io.paude.steps.support.Suite;
import io.paude.steps.support.TestImages;
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
    private final List<String> heldContainers = new ArrayList<>();
    private boolean terminalUnderGvisor;

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
        fromTerminal("");
    }

    /**
     * An interactive bash (readline) at a pseudo-terminal, as a user's: script(1) gives the launcher one, and the
     * typed line reaches bash once it waits at its prompt. The gVisor pass adds its runtime, as to every session.
     */
    @When("the user opens a shell with paude from a terminal with {string} and types a command")
    public void fromTerminal(String flags) {
        List<String> args = world.runArgs(flags.isEmpty() ? List.of() : List.of(flags.split(" ")), List.of());
        terminalUnderGvisor = args.contains("runsc") || !Engine.RUNTIME.isEmpty();
        String paude = String.join(" ", world.paude.commandLine(args));
        assertThat(paude).as("a command line script(1) takes inside single quotes").doesNotContain("'");
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
        assertThat(world.launched.out()).contains("stdin-is-a-terminal");
        if (!terminalUnderGvisor) { // gVisor's console is the engine's terminal passed in, with no /dev/pts name: tty(1) says "not a tty"
            assertThat(world.launched.out()).contains("/dev/pts/");
        }
    }

    @Then("the command ran without a terminal")
    public void withoutTerminal() {
        assertThat(world.launched.out()).as("%s", world.launched).contains("not a tty").doesNotContain("stdin-is-a-terminal");
    }

    /**
     * A container of the agent image with the recorder as PID 1, as a session starts it, holding {@code command} until
     * its proxy is ready (the ready file appears): run by the engine directly, so that the moment before the proxy is
     * ready lasts as long as the scenario wants. Under gVisor ({@code -Dpaude.runtime=runsc}) the recorder traces.
     * Its record goes to the container's output.
     */
    @Given("a container of the agent image whose recorder holds {string} until its proxy is ready")
    public void heldRecorder(String command) {
        String name = "paude-test-held-" + Long.toHexString(System.nanoTime());
        List<String> argv = new ArrayList<>(List.of("run", "-d", "--name", name, "--label", "paude.test=held-recorder",
                "--user", "0", "--cap-drop", "ALL", "--network", "none", "--entrypoint", Recorder.BINARY,
                // limits as paude sets them: without CAP_SYS_RESOURCE Podman could not raise them to its defaults
                "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=256:256"));
        Recorder.CAPABILITIES.forEach(c -> argv.addAll(List.of("--cap-add", c)));
        if (!Engine.RUNTIME.isEmpty()) {
            argv.addAll(List.of("--runtime", Engine.RUNTIME));
        }
        argv.add(TestImages.AGENT);
        if (!Engine.RUNTIME.isEmpty()) {
            argv.add("--ptrace");
        }
        argv.addAll(List.of("--ready", "/tmp/ready", "--uid", "1000", "--gid", "1000", "--log", "cat", "--"));
        argv.addAll(List.of(command.split(" ")));
        heldContainers.add(name); // removed after the scenario even when the run fails (Podman keeps what it created)
        Engine.ok(argv.toArray(String[]::new));
    }

    @When("its proxy becomes ready")
    public void proxyBecomesReady() {
        Engine.ok("exec", held(), "touch", "/tmp/ready");
    }

    @When("the engine sends that container SIGTERM")
    public void sigtermToHeld() {
        Engine.ok("kill", "--signal", "TERM", held());
    }

    @Then("the recorder records {string} running")
    public void heldRecords(String command) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Engine.cli("logs", held()).out())
                .as("the recorder's lines").contains("\"ev\":\"ran\"").contains(argvJson(command)));
        assertThat(ContainerEvidence.read(held()).state().running()).as("the command runs on").isTrue();
    }

    @Then("that container ended within {int} seconds with exit code {int}, its recorder saying {string}")
    public void heldEnded(int seconds, int code, String says) {
        await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(ContainerEvidence.read(held()).state().running()).as("still running").isFalse());
        assertThat(ContainerEvidence.read(held()).state().exitCode()).as("why it ended (143: SIGTERM; 137: the engine's SIGKILL)")
                .isEqualTo(code);
        assertThat(Engine.cli("logs", held()).both()).contains(says);
    }

    @Then("the recorder never recorded {string}")
    public void heldNeverRan(String command) {
        assertThat(Engine.cli("logs", held()).both()).as("the container's output").doesNotContain(argvJson(command))
                .doesNotContain("\"ev\":\"exec\"");
    }

    private String held() {
        return heldContainers.get(heldContainers.size() - 1);
    }

    private static String argvJson(String command) {
        return "\"argv\":[\"" + String.join("\",\"", command.split(" ")) + "\"]";
    }

    @After
    public void killLauncher() {
        heldContainers.forEach(c -> Engine.cli("rm", "-f", c));
        if (launcher != null && launcher.isAlive()) {
            launcher.destroyForcibly();
        }
        if (running != null) {
            world.paude.run(List.of("stop", running));
        }
    }
}
