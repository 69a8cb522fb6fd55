package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import java.time.Duration;

/** If the recorder dies the session stops and says why; the engine's stop ends the agent through the recorder. */
public class RecorderStopSteps {
    private final World world;
    private Duration stopTook;

    public RecorderStopSteps(World world) {
        this.world = world;
    }

    @When("the recorder, PID 1 of the agent container, is killed from the host")
    public void killFromHost() {
        Engine.ok("kill", "--signal", "KILL", world.agentName());
    }

    @When("the engine stops the agent's container with a grace period of {int} seconds")
    public void engineStops(int grace) {
        long t0 = System.nanoTime();
        Engine.ok("stop", "--time", String.valueOf(grace), world.agentName());
        stopTook = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Why it ended: by itself (the recorder's exit 0), not by the engine's SIGKILL at the grace period's end (137). */
    @Then("the agent's container ended by itself within {int} seconds, with exit code {int}")
    public void endedByItself(int seconds, int code) {
        assertThat(world.refreshedAgent().state()).as("stopped in %s", stopTook)
                .isEqualTo(new ContainerEvidence.State(false, code, false));
        assertThat(stopTook).isLessThan(Duration.ofSeconds(seconds));
    }

    @Then("the engine reports the agent container as no longer running")
    public void notRunning() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(world.refreshedAgent().state().running()).isFalse());
    }

    @Then("running a command in the session fails, saying the audit recorder stopped the session")
    public void execFails() {
        Cmd.Result r = world.inAgent("echo must-not-run");
        assertThat(r.exit()).isEqualTo(125);
        assertThat(r.out()).doesNotContain("must-not-run");
        assertThat(r.err()).contains("audit recorder").contains("session stops when the recorder does");
    }
}
