package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Task 11: a fork bomb hits the pids limit, the host and the launcher stay responsive, and the sandbox ends the bomb. */
public class ForkBombSteps {
    private long worstHostMillis;
    private long launcherMillis = -1;
    private final World world;

    public ForkBombSteps(World world) {
        this.world = world;
    }

    @When("the agent leaves a fork bomb running while the host is probed for {int} seconds")
    public void bombLeft(int seconds) throws Exception {
        // nothing of the test ends this bomb: the sandbox must
        Cmd.Result started = world.inAgent("setsid bash -c ':(){ :|:& };:' >/tmp/bomb.log 2>&1 </dev/null & echo bomb-started");
        assertThat(started.out()).as("%s", started).contains("bomb-started");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            Cmd.Result r = Cmd.run(List.of("sh", "-c", "echo host-alive"), Map.of(), Duration.ofSeconds(30));
            assertThat(r.out()).contains("host-alive");
            worstHostMillis = Math.max(worstHostMillis, (System.nanoTime() - t0) / 1_000_000);
            if (launcherMillis < 0) {
                Thread.sleep(1500);   // the bomb at its limit
                long l0 = System.nanoTime();
                Cmd.Result list = world.runPaude(List.of("list"));
                launcherMillis = (System.nanoTime() - l0) / 1_000_000;
                assertThat(list.out()).as("%s", list).contains(world.session);
            }
            Thread.sleep(300);
        }
    }

    @Then("the sandbox ends the bomb within {int} seconds, and paude audit says it killed it at the pids limit")
    public void sandboxEndedBomb(int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        java.util.regex.Pattern killed = java.util.regex.Pattern.compile(
                "KILLED +[1-9][0-9]* processes of process group [0-9]+   <-- ended by the sandbox: forks refused at the pids limit");
        long bash;
        String top;
        Cmd.Result audit;
        // podman top lists the host's processes for a container under gVisor (it reads the container's pid namespace,
        // which gVisor's processes are not in): there the engine's exec of ps inside the container is the evidence
        boolean gvisorOnPodman = Engine.NAME.equals("podman") && world.agentEvidence().runtime().equals("runsc");
        do {
            top = gvisorOnPodman ? Engine.ok("exec", "--user", "0", world.agentName(), "ps", "-eo", "pid,user,comm")
                    : Engine.ok("top", world.agentName());
            bash = top.lines().filter(l -> l.contains("bash")).count();
            audit = world.runPaude(List.of("audit", world.session, "--failed"));
            if (bash < 5 && killed.matcher(audit.out()).find()) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < end);
        assertThat(bash).as("bash processes the engine reports in the agent container:%n%s", top).isLessThan(5);
        assertThat(audit.out()).as("%s", audit).containsPattern(killed);
    }

    @Then("the bomb's forks failed with {string}")
    public void bombFailed(String reason) {
        assertThat(world.inAgent("grep -c '" + reason + "' /tmp/bomb.log").out().strip()).matches("[1-9][0-9]*");
    }

    @Then("the kernel counted forks refused at the pids limit of {int}")
    public void pidsEvents(int limit) {
        Cmd.Result r = world.inAgent(ResourceLimitSteps.CGROUP + "echo $(c pids.max pids/pids.max) $(c pids.events pids/pids.events)");
        assertThat(r.out().strip()).as("%s", r).matches(limit + " max [1-9][0-9]*");
        assertThat(world.agentEvidence().limits().pidsLimit()).isEqualTo(limit);
    }

    @Then("a command on the host answered within {int} seconds throughout the bomb")
    public void hostAnswered(int seconds) {
        assertThat(worstHostMillis).isLessThan(seconds * 1000L);
    }

    @Then("the launcher answered within {int} seconds during the bomb")
    public void launcherAnswered(int seconds) {
        assertThat(launcherMillis).as("paude list was run during the bomb").isNotNegative().isLessThan(seconds * 1000L);
    }

    @Then("the agent can run commands again after the bomb")
    public void recovered() {
        // the agent's own processes: the audit recorder's (root) are not the bomb's
        Cmd.Result r = world.inAgent("echo alive; ps -u \"$(id -u)\" --no-headers | wc -l");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("alive");
        assertThat(Integer.parseInt(r.out().lines().toList().get(1).strip())).isLessThan(10);
    }

    @When("the agent leaves a fork bomb running")
    public void leaveBomb() throws Exception {
        world.inAgent("bash -c ':(){ :|:& };:' >/dev/null 2>&1");
        // seen at once: PID 1 ends a bomb that has held the pids limit for 5 s, so a fixed wait could miss it on a
        // loaded machine, where the exec's own return takes seconds
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String top = Engine.ok("top", world.agentName());
            assertThat(top.lines().filter(l -> l.contains("bash")).count()).as(top).isGreaterThan(32);
        });
    }

    @Then("the user can stop the session within {int} seconds")
    public void stopWithin(int seconds) {
        long t0 = System.nanoTime();
        Cmd.Result r = world.runPaude(List.of("stop", world.session));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(millis).isLessThan(seconds * 1000L);
    }
}
