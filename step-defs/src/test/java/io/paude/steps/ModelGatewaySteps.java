package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.After;
import io.cucumber.java.en.But;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.CredentialSearch;
import io.paude.steps.support.Engine;
import io.paude.steps.support.SandboxStart;
import io.paude.steps.support.ScriptedModel;
import io.paude.steps.support.Terminal;
import io.paude.steps.support.Timeline;
import io.paude.steps.support.TokenEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The model gateway: Claude Code's credential stays on the host and in the proxy, never in the agent. */
public class ModelGatewaySteps {
    static final String PLACEHOLDER = "paude-gateway-holds-the-credential";
    private final World world;
    private final List<String> secrets = new ArrayList<>();
    private TokenEndpoint tokens;
    private Terminal terminal;
    private List<java.util.Map<String, String>> attempts;

    public ModelGatewaySteps(World world) {
        this.world = world;
    }

    @After
    public void closeTokenEndpointAndTerminal() {
        if (tokens != null) {
            tokens.close();
        }
        if (terminal != null) {
            terminal.close(); // the terminal's hang-up ends paude, whose shutdown removes the session
        }
    }

    @Given("a scripted model that answers {string}")
    public void answers(String text) {
        world.model().play(new ScriptedModel.Script().answer(text));
    }

    @When("the user starts paude with no command under a terminal, in a sandbox whose model gateway trusts the fixture's CA")
    public void interactive() {
        Path ca = world.workspace.write(".model-ca.pem", world.model().caPem());
        terminal = Terminal.start(world.paude.commandLine(SandboxStart.args(world, List.of("run"), world.workspace.dir(),
                "--upstream-ca", ca.toString())), world.paude.environment());
    }

    @Then("Claude Code's prompt appears, with no login, onboarding, folder trust or API key question before it")
    public void promptAppears() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(terminal.screen()).as("the terminal").contains("Claude Code v").containsPattern("(?m)^❯"));
        String screen = terminal.screen();
        assertThat(screen).as("the terminal").doesNotContain("Select login method").doesNotContain("Log in")
                .doesNotContain("Choose the text style").doesNotContain("trust this folder")
                .doesNotContain("Do you want to use this API key").doesNotContain("Unable to connect")
                .doesNotContain("paude-exited");
    }

    @When("the user types {string}")
    public void types(String text) {
        terminal.type(text);
    }

    @Then("the terminal shows {string}")
    public void terminalShows(String text) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(terminal.screen()).as("the terminal").contains(text));
    }

    @Given("the user's {word} is {string}")
    public void hostCredential(String variable, String value) {
        world.paude.env(variable, value);
        secrets.add(value);
    }

    @Given("the user's application default credentials hold a refresh token, for a token endpoint on this machine that mints tokens of {int} seconds")
    public void adc(int lifetime) throws IOException {
        tokens = new TokenEndpoint(lifetime);
        Path dir = Files.createDirectories(world.home.resolve(".config/gcloud"));
        String refresh = "1//paude-test-refresh-token-0005";
        String clientSecret = "paude-test-client-secret-0004";
        Files.writeString(dir.resolve("application_default_credentials.json"), "{\"type\": \"authorized_user\", "
                + "\"client_id\": \"paude-test-client.apps.googleusercontent.com\", \"client_secret\": \"" + clientSecret
                + "\", \"refresh_token\": \"" + refresh + "\", \"token_uri\": \"" + tokens.uri() + "\"}\n");
        secrets.add(refresh);
        secrets.add(clientSecret);
    }

    @Given("the user's Vertex AI settings name project {string} in {string}")
    public void vertexSettings(String project, String region) {
        world.paude.env("CLAUDE_CODE_USE_VERTEX", "1").env("ANTHROPIC_VERTEX_PROJECT_ID", project).env("CLOUD_ML_REGION", region);
    }

    @Given("a started sandbox whose model gateway trusts the fixture's CA")
    public void startedWithGateway() {
        Path ca = world.workspace.write(".model-ca.pem", world.model().caPem());
        world.startSandbox("--upstream-ca", ca.toString());
        assertThat(world.started.err()).as("%s", world.started).contains("paude: model gateway:");
    }

    @When("Claude Code runs {string} in a started sandbox whose model gateway trusts the fixture's CA")
    public void claudeThroughGateway(String prompt) {
        startedWithGateway();
        world.runPaude(List.of("exec", world.session, "--", "claude", "-p", prompt, "--dangerously-skip-permissions"));
    }

    @Then("every model request reached {string} over TLS with the header {string} reading {string}, and none carried the placeholder")
    public void credentialAdded(String host, String header, String value) {
        assertThat(world.model().turnRequests()).as("the model's turns").isNotEmpty();
        for (JsonNode r : world.model().requests()) {
            String what = r.path("method").asText() + " " + r.path("path").asText();
            if (r.path("method").asText().equals("TLS")) {
                // squid checks that a peer accepts connections by opening one and closing it before any handshake; a
                // handshake that failed for any other reason (a certificate the gateway refused) fails the scenario
                assertThat(r.path("body").path("error").asText()).as(what).contains("EOF");
                continue;
            }
            assertThat(r.path("scheme").asText()).as(what).isEqualTo("https");
            assertThat(r.path("headers").path("host").asText()).as(what).isEqualTo(host);
            assertThat(r.path("headers").path(header).asText()).as("%s of %s", header, what).isEqualTo(value);
            assertThat(r.path("headers").toString()).as(what).doesNotContain(PLACEHOLDER);
        }
    }

    @Then("the agent's environment sends model requests to the proxy's gateway and holds only the placeholder in {word}")
    public void agentEnvironment(String variable) {
        Cmd.Result r = world.inAgent("env");
        assertThat(r.out()).as("%s", r).contains(variable + "=" + PLACEHOLDER).containsPattern("(ANTHROPIC_BASE_URL|ANTHROPIC_VERTEX_BASE_URL)=http://[0-9.]+:3129");
        // and the engine's record of the container says the same
        assertThat(String.join("\n", world.agentEvidence().env())).contains(variable + "=" + PLACEHOLDER);
    }

    @Then("the agent's environment sends Vertex AI requests to the proxy's gateway, with Google's sign-in skipped and no gcloud directory")
    public void vertexEnvironment() {
        Cmd.Result r = world.inAgent("env; ls -d ~/.config/gcloud 2>&1");
        assertThat(r.out()).as("%s", r).containsPattern("ANTHROPIC_VERTEX_BASE_URL=http://[0-9.]+:3129/v1")
                .contains("CLAUDE_CODE_SKIP_VERTEX_AUTH=1").contains("CLAUDE_CODE_USE_VERTEX=1")
                .contains("ls: cannot access '/home/paude/.config/gcloud': No such file or directory");
        assertThat(world.agentEvidence().mountsNaming("gcloud")).isEmpty();
    }

    @Then("no copy of the credentials is in the agent's files, any of its processes' environment or command line, or the engine's inspect output of the agent and the proxy")
    public void nowhere() {
        assertThat(secrets).as("the credentials of this scenario").isNotEmpty();
        List<String> values = new ArrayList<>(secrets);
        if (tokens != null) {
            values.addAll(tokens.issued());
        }
        for (String v : values) {
            assertThat(CredentialSearch.find(world.agentName(), world.proxyName(), v)).as("where %s was found", v.substring(0, 8) + "...").isEmpty();
        }
        for (String v : values) {
            assertThat(Cmd.run(List.of("grep", "-r", "-l", "-F", "-e", v, world.sessionDir(world.session).toString()),
                    java.util.Map.of(), java.time.Duration.ofSeconds(30)).out()).as("the session directory on the host").isEmpty();
        }
    }

    @But("the same search finds a value planted in the agent's files and in a process's environment")
    public void plantedIsFound() {
        String planted = "planted-value-" + Long.toHexString(System.nanoTime());
        Cmd.Result r = world.inAgent("printf '%s' " + planted + " > /tmp/planted.txt && echo ok");
        assertThat(r.out()).as("%s", r).contains("ok");
        // a process of the agent's user that holds the value in its environment (started through the engine: a
        // background process of a 'paude exec' cannot start programs once its recorder has ended)
        String user = world.agentEvidence().label("paude.agent-user");
        Engine.ok("exec", "-d", "--user", user, "--env", "PLANTED_VALUE=" + planted, world.agentName(), "sleep", "120");
        List<String> found = CredentialSearch.find(world.agentName(), world.proxyName(), planted);
        assertThat(found).as("the search's control").anyMatch(p -> p.equals("file /tmp/planted.txt"))
                .anyMatch(p -> p.startsWith("environ of pid"));
    }

    @Then("the model's first turn carried the first access token, and its last turn a renewed one")
    public void renewed() {
        List<JsonNode> turns = world.model().turnRequests();
        assertThat(tokens.issued()).as("tokens minted on the host").hasSizeGreaterThanOrEqualTo(2);
        assertThat(tokens.requests()).allSatisfy(b -> assertThat(b).contains("grant_type=refresh_token")
                .contains("refresh_token=1%2F%2Fpaude-test-refresh-token-0005"));
        // one token is minted at 'paude start' and one before the 'paude exec' that runs Claude Code; the renewal at
        // half of the 20 s lifetime mints the next while the model's Bash call sleeps
        String first = turns.get(0).path("headers").path("authorization").asText();
        String last = turns.get(turns.size() - 1).path("headers").path("authorization").asText();
        assertThat(first).startsWith("Bearer ").satisfies(f -> assertThat(tokens.issued()).contains(f.substring(7)));
        assertThat(last).startsWith("Bearer ").satisfies(l -> assertThat(tokens.issued()).contains(l.substring(7)));
        assertThat(tokens.issued().indexOf(last.substring(7))).as("the last turn's token was minted after the first turn's "
                        + "(minted: %s; the turns' tokens: %s)", tokens.issued(),
                        turns.stream().map(t -> t.path("headers").path("authorization").asText()).toList())
                .isGreaterThan(tokens.issued().indexOf(first.substring(7)));
    }

    @Given("a scripted model that runs these commands one after the other, then answers {string}:")
    public void attempts(String answer, io.cucumber.datatable.DataTable table) {
        attempts = table.asMaps();
        ScriptedModel.Script script = new ScriptedModel.Script();
        for (var a : attempts) {
            script.tool("Trying " + a.get("attempt") + ".", "Bash", ScriptedModel.Script.input("command", a.get("command"),
                    "description", a.get("attempt")));
        }
        world.model().play(script.answer(answer));
    }

    @Then("the model got back the result of each command, holding its reason")
    public void eachResult() {
        assertThat(world.model().turnRequests()).as("one turn for each command and the answer").hasSize(attempts.size() + 1);
        for (int k = 0; k < attempts.size(); k++) {
            bashResult(k + 2, attempts.get(k).get("reason"));
        }
    }

    @Then("paude audit of the run lists each command as run in the workspace")
    public void eachAudited() {
        String ws = world.workspace.dir().toString();
        List<String> execs = world.auditExecs(world.session).stream()
                .filter(e -> e.path("cwd").asText().equals(ws)).map(Timeline::argv).toList();
        for (var a : attempts) {
            assertThat(execs).as("the audit's execs in the workspace").anySatisfy(x -> assertThat(x).startsWith(a.get("audited")));
        }
    }

    /** The tool result Claude Code sent back for the script's Bash call of turn {@code turn - 1}, failed or not. */
    @Then("the model's turn {int} request carried the result of its Bash call, holding {string}")
    public void bashResult(int turn, String text) {
        assertThat(world.model().toolResults(turn)).as("the result of its Bash call in turn %d's request", turn).singleElement()
                .satisfies(r -> assertThat(r.path("content").toString()).contains(text));
    }

    @When("the agent sends a model request to the gateway")
    public void modelRequestToGateway() {
        world.inAgent("curl -sS -m 15 -H 'content-type: application/json' -H 'x-api-key: " + PLACEHOLDER + "' "
                + "-d '{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"gateway probe\"}]}' "
                + "-w '\\nstatus=%{http_code}\\n' \"$ANTHROPIC_BASE_URL/v1/messages\"");
    }

    @When("the agent asks the gateway for {string}")
    public void otherPath(String path) {
        world.inAgent("curl -sS -m 15 -d '{}' -w '\\nstatus=%{http_code}\\n' \"$ANTHROPIC_BASE_URL" + path + "\"");
    }

    @When("the agent sends the model request to {string} through the proxy")
    public void throughForwardPort(String url) {
        world.inAgent("curl -sS -m 15 -H 'content-type: application/json' -d '{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}' "
                + "-w '\\nstatus=%{http_code}\\n' '" + url + "'");
    }

    @Then("the agent got status {int} and {string}")
    public void agentGot(int status, String text) {
        assertThat(world.agent.out()).as("%s", world.agent).contains("status=" + status).contains(text);
    }

    @Then("the model fixture received {string} with the user's key")
    public void fixtureReceived(String content) {
        assertThat(world.model().requests()).anySatisfy(r -> {
            assertThat(r.path("body").toString()).contains(content);
            assertThat(r.path("headers").path("x-api-key").asText()).isEqualTo(secrets.get(0));
        });
    }

    @Then("the model fixture received no request for {string}")
    public void fixtureNot(String path) {
        assertThat(world.model().requests()).noneSatisfy(r -> assertThat(r.path("path").asText()).startsWith(path));
    }
}
