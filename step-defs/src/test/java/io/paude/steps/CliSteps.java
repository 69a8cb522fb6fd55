package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Engine;
import io.paude.steps.support.NamelessNetwork;
import io.paude.steps.support.SandboxStart;
import java.util.ArrayList;
import java.util.List;

/** Steps about the command line itself: errors, exit codes, doctor. */
public class CliSteps {
    private final World world;

    public CliSteps(World world) {
        this.world = world;
    }

    private void runRecordingBefore(List<String> args) {
        world.containersBefore = world.paudeContainers();
        world.runPaude(args);
    }

    private List<String> run(String... extra) {
        List<String> a = SandboxStart.args(world, List.of("run"), world.workspace.dir());
        a.addAll(List.of(extra));
        if (!a.contains("--agent")) {
            a.addAll(List.of("--agent", "shell"));
        }
        a.addAll(List.of("--", "true"));
        return a;
    }

    @When("the user runs paude with an allowlist entry {string}")
    public void badEntry(String entry) {
        runRecordingBefore(run("--allow-domain", entry));
    }

    @When("the user runs paude on a workspace that does not exist")
    public void missingWorkspace() {
        runRecordingBefore(List.of("run", "--agent", "shell", "--workspace", "/nonexistent/project", "--", "true"));
    }

    @When("the user runs paude with the agent {string}")
    public void unknownAgent(String agent) {
        runRecordingBefore(run("--agent", agent));
    }

    @When("the user runs paude with an agent image that does not exist")
    public void missingImage() {
        world.paude.env("PAUDE_AGENT_IMAGE", "paude-agent:does-not-exist");
        runRecordingBefore(run());
    }

    @When("the user runs paude against an engine that does not answer")
    public void deadEngine() {
        world.paude.env("DOCKER_HOST", "unix:///nonexistent/engine.sock");
        world.paude.env("CONTAINER_HOST", "unix:///nonexistent/engine.sock");
        runRecordingBefore(run());
    }

    @When("the user runs paude doctor")
    public void doctor() {
        world.runPaude(SandboxStart.args(world, List.of("doctor"), world.workspace.dir()));
    }

    @When("the user runs paude doctor --json")
    public void doctorJson() {
        world.runPaude(SandboxStart.args(world, List.of("doctor", "--json"), world.workspace.dir()));
    }

    @When("the user lists the sessions as JSON")
    public void listJson() {
        world.runPaude(List.of("list", "--json"));
    }

    /** The whole output parses as one JSON object (nothing else printed on stdout). */
    private JsonNode outputJson() {
        try {
            return new ObjectMapper().readTree(world.launched.out());
        } catch (java.io.IOException e) {
            throw new AssertionError("the output is not JSON: " + e.getMessage() + "\n" + world.launched, e);
        }
    }

    @Then("the JSON names the check {string} as {string}, and every check has a status, what and fix")
    public void doctorJsonNames(String what, String status) {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        JsonNode doc = outputJson();
        assertThat(doc.get("ok").isBoolean() && doc.get("ok").asBoolean()).as("ok\n%s", world.launched).isTrue();
        List<String> checks = new ArrayList<>();
        doc.get("checks").forEach(c -> {
            assertThat(c.has("status") && c.has("what") && c.has("fix")).as("fields of %s", c).isTrue();
            checks.add(c.get("status").asText() + " " + c.get("what").asText());
        });
        assertThat(checks).anySatisfy(c -> assertThat(c).startsWith(status + " " + what));
    }

    @Then("the JSON list names the session with mode {string}, a running agent and a running proxy")
    public void listJsonNames(String mode) {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        List<JsonNode> mine = new ArrayList<>();
        outputJson().get("sessions").forEach(s -> {
            if (s.get("session").asText().equals(world.session)) {
                mine.add(s);
            }
        });
        assertThat(mine).as("%s", world.launched).singleElement().satisfies(s -> {
            assertThat(s.get("mode").asText()).isEqualTo(mode);
            assertThat(s.get("agent").asText()).startsWith("running");
            assertThat(s.get("proxy").asText()).startsWith("running");
            assertThat(s.get("workspace").asText()).isEqualTo(world.workspace.dir().toString());
        });
    }

    @Given("an egress network on which names do not resolve, with the fixture host example.com on it")
    public void namelessNetwork() {
        world.namelessNetwork = new NamelessNetwork();
        assertThat(world.namelessNetwork.dnsEnabled()).as("what the engine reports of the network's DNS").isEqualTo("false");
    }

    @When("the user runs paude doctor with that egress network")
    public void doctorOnNamelessNetwork() {
        world.runPaude(List.of("doctor", "--workspace", world.workspace.dir().toString(),
                "--egress-network", world.namelessNetwork.name()));
    }

    @When("the agent fetches http:\\/\\/example.com\\/ in a session on {word} egress network")
    public void fetchThrough(String which) {
        String egress = switch (which) {
            case "that" -> world.namelessNetwork.name();
            case "the" -> world.internet().networkName();
            default -> throw new IllegalArgumentException(which);
        };
        String subnet = which.equals("that") ? world.namelessNetwork.subnet() : world.internet().subnet();
        world.runPaude(List.of("run", "--agent", "shell", "--workspace", world.workspace.dir().toString(),
                "--egress-network", egress, "--allow-private-destinations", subnet, "--allow-domain", "example.com", "--", "sh", "-c",
                "curl -sS -m 15 -D - -o /dev/null -w 'status=%{http_code}\\n' http://example.com/"));
    }

    @Then("the session warned that names do not resolve on its egress network, with the fix")
    public void sessionWarned() {
        assertThat(world.launched.err()).as("%s", world.launched)
                .contains("paude: warning: names do not resolve on egress network '" + world.namelessNetwork.name() + "'")
                .contains("apt-get install netavark aardvark-dns");
    }

    /**
     * Squid found no address for the allowed name: with no resolver on the network, its query to the host's resolver
     * fails at once ("Network is unreachable": the network is internal, so nothing leaves it), which squid answers as a
     * read error; a resolver that answers nothing gives ERR_DNS_FAIL.
     */
    @Then("the proxy answered with an error because it could not look the name up")
    public void proxyCouldNotResolve() {
        assertThat(world.launched.out()).as("%s", world.launched)
                .containsPattern("status=50[23]").containsPattern("X-Squid-Error: (ERR_READ_ERROR|ERR_DNS_FAIL)");
    }

    @Then("the fixture answered 200, and the session gave no such warning")
    public void fixtureAnswered() {
        assertThat(world.launched.out()).as("%s", world.launched).contains("status=200").doesNotContain("X-Squid-Error");
        assertThat(world.launched.err()).doesNotContain("names do not resolve");
    }

    @Then("paude exits with code {int} and the error names {string}")
    public void exitAndError(int code, String text) {
        assertThat(world.launched.exit()).as("%s", world.launched).isEqualTo(code);
        assertThat(world.launched.err()).contains(text);
    }

    @Then("paude exits with code {int} and the output names {string}")
    public void exitAndOutput(int code, String text) {
        assertThat(world.launched.exit()).as("%s", world.launched).isEqualTo(code);
        assertThat(world.launched.out()).contains(text);
    }

    @Then("the error says how to fix it")
    public void errorHasFix() {
        assertThat(world.launched.err()).containsPattern("fix: \\S+");
    }

    @Then("nothing of paude was created")
    public void nothingCreated() {
        assertThat(world.paudeContainers()).containsExactlyInAnyOrderElementsOf(world.containersBefore);
        assertThat(world.launched.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
