package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.ClaudeTask;
import io.paude.steps.support.ScriptedModel.Script;
import io.paude.steps.support.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real Claude Code of the agent image doing a task in the sandbox, its model a scripted fixture. */
public class RealAgentSteps {
    private static final String MODEL_CA = ".model-ca.pem";
    private final World world;
    private Script script;

    public RealAgentSteps(World world) {
        this.world = world;
    }

    @Given("the workspace holds {string} reading {string}")
    public void workspaceHolds(String file, String text) {
        world.workspace.write(file, text + "\n");
    }

    @Given("a scripted model that reads {string}, replaces {string} by {string} in it, runs {string} and answers {string}")
    public void scripted(String file, String from, String to, String bash, String answer) {
        String path = world.workspace.dir().resolve(file).toString();
        script = new Script()
                .tool("Reading the file.", "Read", Script.input("file_path", path))
                .tool("Editing it.", "Edit", Script.input("file_path", path, "old_string", from, "new_string", to))
                .tool("Checking the result.", "Bash", Script.input("command", bash, "description", "Check the edit"))
                .answer(answer);
        world.model().play(script);
    }

    @Given("a scripted model that runs {string} and answers {string}")
    public void scriptedCommand(String bash, String answer) {
        script = new Script().tool("Running it.", "Bash", Script.input("command", bash, "description", "Run it"))
                .answer(answer);
        world.model().play(script);
    }

    @When("Claude Code runs {string} in a sandbox that allows only {string}, the model reached over {word}")
    public void runClaude(String prompt, String host, String scheme) {
        // Whatever the base URL, Claude Code reads its managed settings from https://api.anthropic.com: without
        // the fixture's CA that handshake fails, and it retries for about 18 s before it goes on without them.
        String ca = world.workspace.write(MODEL_CA, world.model().caPem()).toString();
        world.runPaude(world.runArgs(List.of("--allow-domain", host),
                ClaudeTask.command(prompt, scheme + "://" + host, ca)));
    }

    /**
     * Through {@code paude start} and {@code paude exec}: the proxy outlives Claude Code, so the line of its one
     * kept-alive tunnel, which squid writes when the tunnel closes at Claude Code's exit, reaches the log. (With
     * {@code paude run} the proxy stops at that moment, and that last line was missing in some runs.)
     */
    @When("Claude Code on Vertex AI runs {string} in a started sandbox that allows only {string}, for project {string} in {string}")
    public void runClaudeOnVertex(String prompt, String host, String project, String region) {
        String ca = world.workspace.write(MODEL_CA, world.model().caPem()).toString();
        world.startSandbox("--allow-domain", host);
        List<String> args = new ArrayList<>(List.of("exec", world.session, "--"));
        args.addAll(ClaudeTask.vertexCommand(prompt, project, region, ca));
        world.runPaude(args);
    }

    @Then("the run exits 0 and Claude Code printed {string}")
    public void exitedZero(String answer) {
        assertThat(world.launched.exit()).as("%s\nmodel requests: %s", world.launched, world.model().requests()).isZero();
        assertThat(world.launched.out()).as("%s", world.launched).contains(answer);
    }

    @Then("the workspace's {string} on the host reads {string}")
    public void fileReads(String file, String text) throws IOException {
        assertThat(Files.readString(world.workspace.dir().resolve(file))).isEqualTo(text + "\n");
    }

    @Then("the model was asked for each of its {int} turns over {word}, with the prompt {string}")
    public void turnsAsked(int turns, String scheme, String prompt) {
        List<JsonNode> asked = world.model().turnRequests();
        assertThat(asked).as("requests for a model turn").hasSize(turns).hasSize(script.size());
        assertThat(asked).allSatisfy(r -> assertThat(r.path("scheme").asText()).isEqualTo(scheme));
        assertThat(asked.get(0).path("body").path("messages").toString()).contains(prompt);
        assertThat(asked).allSatisfy(r -> assertThat(r.path("body").path("stream").asBoolean()).as("streamed").isTrue());
    }

    @Then("each of the model's {int} turns was asked for through Vertex AI's streamRawPredict of project {string} in {string}")
    public void vertexTurns(int turns, String project, String region) {
        List<JsonNode> asked = world.model().turnRequests();
        assertThat(asked).as("requests for a model turn").hasSize(turns).hasSize(script.size());
        String prefix = "/v1/projects/" + project + "/locations/" + region + "/publishers/anthropic/models/";
        assertThat(asked).allSatisfy(r -> {
            assertThat(r.path("scheme").asText()).isEqualTo("https");
            assertThat(r.path("path").asText()).startsWith(prefix).endsWith(":streamRawPredict");
            assertThat(r.path("headers").path("host").asText()).isEqualTo(region + "-aiplatform.googleapis.com");
            // Vertex AI takes the API version in the body, and the key is Google's token, never an Anthropic key
            assertThat(r.path("body").path("anthropic_version").asText()).startsWith("vertex-");
            assertThat(r.path("headers").has("x-api-key")).isFalse();
        });
    }

    @Then("besides its turns, the model was asked only for {string}")
    public void otherRequests(String expected) {
        List<JsonNode> turns = world.model().turnRequests();
        java.util.Set<String> others = new java.util.TreeSet<>();
        world.model().requests().stream().filter(r -> !turns.contains(r))
                .forEach(r -> others.add(r.path("method").asText() + " " + r.path("path").asText().split("\\?")[0]));
        java.util.Set<String> want = new java.util.TreeSet<>();
        for (String e : expected.split(", ")) {
            if (!e.equals("nothing")) {
                want.add(e);
            }
        }
        assertThat(others).as("the requests besides the turns").isEqualTo(want);
    }

    @Then("every request to the model carried the placeholder key, and each for a turn anthropic-version {string}")
    public void headers(String version) {
        // Towards https://api.anthropic.com Claude Code also reads its managed settings and policy limits
        // (GET /api/claude_code/...): they carry the key but no API version, and get the fixture's 404.
        assertThat(world.model().requests()).isNotEmpty().allSatisfy(r ->
                assertThat(r.path("headers").path("x-api-key").asText()).isEqualTo(ClaudeTask.API_KEY));
        assertThat(world.model().turnRequests()).isNotEmpty().allSatisfy(r ->
                assertThat(r.path("headers").path("anthropic-version").asText()).isEqualTo(version));
    }

    @Then("the model's turn {int} request carried the result of its {word} call, without error, holding {string}")
    public void toolResult(int turn, String tool, String text) {
        assertThat(world.model().toolResult(turn, tool).path("content").toString()).contains(text);
    }

    @Then("paude audit of the run lists {string} started with the prompt {string}, and {string} and {string} run in the workspace")
    public void audited(String program, String prompt, String first, String second) {
        List<JsonNode> execs = audit().stream().filter(e -> e.path("type").asText().equals("exec")
                && !e.path("missing").asBoolean()).toList();
        assertThat(execs).as("the agent's program").anySatisfy(e -> assertThat(Timeline.argv(e))
                .startsWith(program + " -p " + prompt + " --dangerously-skip-permissions"));
        String ws = world.workspace.dir().toString();
        for (String cmd : List.of(first, second)) {
            assertThat(execs).as("the Bash tool's %s", cmd).anySatisfy(e -> {
                assertThat(Timeline.argv(e)).isEqualTo(cmd);
                assertThat(e.path("cwd").asText()).isEqualTo(ws);
                assertThat(e.path("exit").asInt(-1)).isZero();
            });
        }
    }

    @Then("the proxy's access log of the run shows {string} allowed and no other host")
    public void proxyLog(String host) {
        // the proxy's log daemon writes its parts to the host a moment after squid logged the line
        Path dir = sessionDir();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(io.paude.proxy.AccessLog.lines(dir))
                .as("the proxy's access log").isNotEmpty()
                .anySatisfy(l -> assertThat(l).contains(host).doesNotContain("TCP_DENIED").containsPattern(" 200 "))
                .allSatisfy(l -> assertThat(l).contains(host)));
    }

    @Then("the proxy's access log of the run shows {string} denied")
    public void proxyDenied(String host) {
        Path dir = sessionDir();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(io.paude.proxy.AccessLog.lines(dir))
                .as("the proxy's access log").anySatisfy(l -> assertThat(l).contains(host).contains("TCP_DENIED")
                        .contains(" 403 ")));
    }

    @Then("no request for {string} reached the test internet")
    public void notReached(String path) {
        assertThat(world.internet().webLog()).as("the web fixture's log").doesNotContain(path);
    }

    @Then("paude audit of the run lists the Bash tool's {string}")
    public void auditedCommand(String prefix) {
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("exec");
            assertThat(Timeline.argv(e)).startsWith(prefix);
            assertThat(e.path("cwd").asText()).isEqualTo(world.workspace.dir().toString());
        });
    }

    private List<JsonNode> audit() {
        return world.auditEvents(world.onlySession());
    }

    private Path sessionDir() {
        return world.sessionDir(world.onlySession());
    }
}
