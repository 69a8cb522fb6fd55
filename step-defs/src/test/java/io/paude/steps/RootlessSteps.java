package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Engine;
import io.paude.steps.support.SandboxStart;
import io.paude.steps.support.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Rootless Podman (features/rootless.feature): the refusal on cgroup v1, its opt-in, and keep-id. */
public class RootlessSteps {
    private static final String UNENFORCED = "rootless podman on a host with cgroup v1 cannot enforce the sandbox's CPU, "
            + "memory and pids limits";
    private static final String[] FIX = {"rootful Podman", "Docker", "cgroup v2 (kernel parameter "
            + "systemd.unified_cgroup_hierarchy=1)", "--accept-unenforced-limits"};
    private final World world;

    public RootlessSteps(World world) {
        this.world = world;
    }

    @Given("the engine is rootless Podman on a host with cgroup v1")
    public void rootlessOnV1() {
        assertThat(Engine.NAME).as("the engine under test (-Dpaude.engine)").isEqualTo("podman");
        assertThat(Engine.ok("info", "--format", "{{.Host.Security.Rootless}} {{.Host.CgroupsVersion}}"))
                .as("what podman info says: rootless, and the cgroup version (run by .ci/setup-rootless as a non-root user)")
                .isEqualTo("true v1");
        assertThat(Workspace.ownUid()).as("the suite's own uid").isNotZero();
    }

    @When("the user starts a sandbox without accepting unenforced limits")
    public void startWithoutOptIn() {
        world.paude.acceptUnenforcedLimits(false);
        SandboxStart.attempt(world, List.of());
    }

    @Then("the fix names rootful Podman, Docker, cgroup v2 and the opt-in")
    public void fixNamed() {
        assertThat(world.launched.err()).containsPattern("fix: .+").contains(FIX);
    }

    @Then("doctor fails the limits check with the same fix")
    public void doctorFails() {
        assertThat(world.launched.exit()).as("%s", world.launched).isEqualTo(1);
        assertThat(world.launched.out()).contains("FAIL  " + UNENFORCED).contains(FIX);
    }

    @When("the user starts the sandbox again with --accept-unenforced-limits")
    public void startWithOptIn() {
        world.paude.acceptUnenforcedLimits(true);
        world.startSandbox();
    }

    @Then("it starts, the start warned that the limits are not enforced, and the session record says so")
    public void startedLoudly() throws Exception {
        assertThat(world.started.err()).contains("paude: WARNING: " + UNENFORCED, "starting anyway because of --accept-unenforced-limits");
        assertThat(world.refreshedAgent().state().running()).isTrue();
        var record = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(world.sessionDir(world.session).resolve("session.json").toFile());
        assertThat(record.path("limitsEnforced").asBoolean(true)).as("session.json: %s", record).isFalse();
        assertThat(record.path("acceptedUnenforcedLimits").asText()).isEqualTo("--accept-unenforced-limits");
    }

    @Then("the engine reports that the agent's container maps the user's own uid to itself \\(keep-id)")
    public void keepId() {
        // a uid map line "inside:outside:count"; outside 0 is the user who runs rootless Podman
        assertThat(world.agentEvidence().uidMap()).as("the agent container's uid map").contains(Workspace.ownUid() + ":0:1");
    }

    @Then("a file the agent writes in the workspace is owned on the host by the user running paude, who is not root")
    public void ownedByUser() throws Exception {
        assertThat(world.inAgent("id -u; echo rootless > written-by-agent.txt").out().strip())
                .isEqualTo(String.valueOf(Workspace.ownUid()));
        Path file = world.workspace.dir().resolve("written-by-agent.txt");
        assertThat(file).hasContent("rootless");
        assertThat((Integer) Files.getAttribute(file, "unix:uid")).as("the file's owner on the host")
                .isEqualTo(Workspace.ownUid()).isNotZero();
        assertThat((Integer) Files.getAttribute(file, "unix:gid")).isEqualTo((Integer) Files.getAttribute(
                world.workspace.dir(), "unix:gid"));
    }
}
