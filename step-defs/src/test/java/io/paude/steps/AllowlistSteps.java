package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the allowlist lets out, and who sets it: uploads that need no credential of the user's
 * (features/exfiltration-google.feature; each request carries a mark of its own in its query and its body, so the
 * fixture's log, shared by the whole run, shows whether this very request reached the host), suffix entries, and the
 * project configuration file that only the user's approval makes count.
 */
public class AllowlistSteps {
    private final World world;
    private String mark = "";
    private String sent = "";
    private String url = "";

    public AllowlistSteps(World world) {
        this.world = world;
    }

    @When("the agent sends {word} with data to {string}")
    public void send(String method, String url) {
        this.url = url;
        this.mark = "upload-" + UUID.randomUUID().toString().substring(0, 8);
        this.sent = "workspace-data " + mark;
        world.fetch(world.session, url + (url.contains("?") ? "&" : "?") + "paude-mark=" + mark, "-X", method,
                "--data-binary", "'" + sent + "'");
    }

    @Then("the proxy answers with its 403 page naming {string}")
    public void blockedPage(String host) {
        assertThat(world.agent.out()).as("the agent's request\n%s", world.agent).doesNotContain("fixture-web host=")
                .contains("status=403")
                .contains("paude: blocked by the sandbox allowlist: " + host)
                .contains("start the session with: paude run --allow-domain " + host);
    }

    /** squid logs a URL without its query (strip_query_terms), so the line is found by the method and the path. */
    @Then("the proxy's access log shows the {word} to {string} refused with ERR_PAUDE_BLOCKED")
    public void loggedBlocked(String method, String host) {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        assertThat(path).startsWith("http://" + host + "/");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(accessLog())
                .anySatisfy(l -> assertThat(l).contains(" " + method + " " + path).contains(" 403 TCP_DENIED")
                        .matches(".* (\\S*/)?ERR_PAUDE_BLOCKED")));
    }

    @Then("the fixture behind {string} received nothing of it")
    public void receivedNothing(String host) {
        assertThat(world.internet().webLog()).as("the web fixture's log").doesNotContain(mark);
    }

    @Then("the fixture behind {string} received the {word} with its data")
    public void received(String host, String method) {
        assertThat(world.agent.out()).as("the agent's request\n%s", world.agent).contains("status=200")
                .contains("fixture-web host=" + host + " ").contains(" method=" + method + " body=" + sent.length());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(world.internet().webLog().lines())
                .as("the web fixture's log").anySatisfy(l -> assertThat(l).contains("fixture-web host=" + host + " ")
                        .contains(mark).contains(" method=" + method + " body=" + sent.length())));
    }

    @Then("the session's allowlist is exactly {string}")
    public void allowlistExactly(String hosts) {
        assertThat(world.sessionAllowlist()).containsExactlyInAnyOrder(hosts.split(" "));
    }

    @Then("the start gave no warning about suffix entries")
    public void noSuffixWarning() {
        assertThat(world.started.err()).as("%s", world.started).doesNotContain("allowlist entr").doesNotContain("every name below");
    }

    @Then("the start warned that {string} allows every name below it, and to prefer exact hosts")
    public void suffixWarning(String entry) {
        List<String> warnings = world.started.err().lines().filter(l -> l.startsWith("paude: warning: the allowlist entr")).toList();
        assertThat(warnings).as("%s", world.started).singleElement().satisfies(w -> assertThat(w)
                .startsWith("paude: warning: the allowlist entry " + entry + " allows every name below it")
                .contains("endpoints anyone can create").contains("Apps Script").contains("prefer exact hosts"));
    }

    @Then("the error says it is a public suffix and to name an exact host such as {string}")
    public void publicSuffixError(String example) {
        assertThat(world.launched.err()).as("%s", world.launched).contains("is a public suffix")
                .contains("anyone can register names below it")
                .containsPattern("fix: name the exact host to allow instead, e\\.g\\. " + Pattern.quote(example));
    }

    private List<String> accessLog() throws java.io.IOException {
        return io.paude.proxy.AccessLog.lines(world.sessionDir(world.session));
    }

    private static String allowing(String host) {
        return "{\"allowDomains\": [\"" + host + "\"]}";
    }

    @When("the agent writes a paude.json that allows {string}")
    public void agentWritesConfig(String host) {
        Cmd.Result r = world.inAgent("printf '%s' '" + allowing(host) + "' > paude.json && cat paude.json");
        assertThat(r.out()).contains(host);
    }

    @Given("a workspace whose paude.json allows {string}")
    public void workspaceConfig(String host) {
        world.workspace.write("paude.json", allowing(host));
    }

    @When("the project configuration is changed to allow {string}")
    public void changeConfig(String host) {
        world.workspace.write("paude.json", allowing(host));
    }

    @When("the user approves the project configuration")
    public void approve() {
        Cmd.Result r = world.runPaude(List.of("config", "trust", "--workspace", world.workspace.dir().toString()));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @When("the user starts the next session in that workspace")
    public void nextSession() {
        world.containersBefore = world.paudeContainers();
        world.runPaude(world.runArgs(List.of(), List.of("true")));
    }

    @When("the user runs a command in that workspace that fetches {string}")
    public void runFetch(String url) {
        world.runPaude(world.runArgs(List.of(), List.of("curl", "-sS", "-m", "15", url)));
    }
}
