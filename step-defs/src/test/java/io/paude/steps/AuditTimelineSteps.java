package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
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
import java.util.List;

/** One timeline shows what ran and what it tried to reach: the proxy's decisions, 'paude audit' and its filters. */
public class AuditTimelineSteps {
    private final World world;
    private Process follower;
    private Path followOut;

    public AuditTimelineSteps(World world) {
        this.world = world;
    }

    @Given("paude audit --follow is watching the session")
    public void follow() throws IOException {
        followOut = Files.createTempFile("paude-follow-", ".txt");
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", Suite.jar().toString(), "audit", world.session, "--follow")
                .redirectInput(new java.io.File("/dev/null")).redirectOutput(followOut.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", world.home.toString());
        follower = pb.start();
    }

    @Then("the followed timeline shows {string} within {int} seconds")
    public void followed(String cmd, int seconds) {
        try {
            await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(Files.readAllLines(followOut)).anySatisfy(l -> assertThat(l).contains(cmd)));
            assertThat(follower.isAlive()).as("--follow keeps running").isTrue();
        } finally {
            follower.destroy();
        }
    }

    @After
    public void stopFollower() {
        if (follower != null) {
            follower.destroyForcibly();
        }
    }

    @When("the agent fetches {string} and {string}")
    public void fetchBoth(String a, String b) {
        world.fetch(world.session, a);
        world.fetch(world.session, b);
    }

    @Then("the audit log records a request to {string} that was {word} with status {int}")
    public void request(String host, String decision, int status) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(world.auditEvents(world.session)).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("request");
            assertThat(e.path("host").asText()).isEqualTo(host);
            assertThat(e.path("decision").asText()).isEqualTo(decision);
            assertThat(e.path("status").asInt()).isEqualTo(status);
            assertThat(e.path("session").asText()).isEqualTo(world.session);
        }));
    }

    private List<String> human(String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", world.session));
        args.addAll(List.of(extra));
        Cmd.Result r = world.runPaude(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().toList();
    }

    @Then("paude audit shows the curl commands and marks the evil.com request {string}")
    public void humanTimeline(String mark) {
        List<String> lines = human();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("curl").contains("oauth2.googleapis.com").contains("exit 0"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(mark).contains("CONNECT evil.com:443").contains("403"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(mark).contains("oauth2.googleapis.com"));
    }

    @Then("paude audit --failed shows the denied request but not the allowed one")
    public void failedOnly() {
        List<String> lines = human("--failed");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("DENIED").contains("evil.com"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("oauth2.googleapis.com"));
    }

    @Then("paude audit --grep evil.com shows only lines that mention evil.com")
    public void grep() {
        List<String> lines = human("--grep", "evil\\.com");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2).allSatisfy(l -> assertThat(l).contains("evil.com"));
    }
}
