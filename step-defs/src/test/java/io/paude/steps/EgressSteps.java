package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.FixtureDns;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Nothing leaves the sandbox but what the allowlist lets out, and only the user sets it: attempts to get around the
 * sandbox (the bypass catalogue of docs/threat-model.md) fail for the reason they should, domain fronting among them
 * (a CONNECT to one name, TLS (SNI) and HTTP (Host) naming another); uploads that need no credential of the user's
 * (features/exfiltration-google.feature; each request carries a mark of its own in its query and its body, so the
 * fixture's log, shared by the whole run, shows whether this very request reached the host) and suffix entries; and
 * the project configuration file, which only the user's approval makes count.
 */
public class EgressSteps {
    private final World world;
    private String mark = "";
    private String sent = "";
    private String url = "";

    public EgressSteps(World world) {
        this.world = world;
    }

    @When("the agent runs {string}")
    public void agentRuns(String command) {
        world.inAgent(command);
    }

    @Then("the attempt fails because {string}")
    public void failsBecause(String reason) {
        assertThat(world.agent.exit()).as("the attempt must fail\n%s", world.agent).isNotZero();
        assertThat(world.agent.both()).as("%s", world.agent).contains(reason).doesNotContain("fixture-web host=");
    }

    @Then("the test internet received no request for {string}")
    public void noRequestFor(String host) {
        assertThat(world.internet().webLog()).doesNotContain("host=" + host + " ");
    }

    @Then("the agent is still not root")
    public void stillNotRoot() {
        assertThat(world.inAgent("id -u").out().strip()).isNotEqualTo("0");
    }

    @Then("the agent has no global IPv6 address and no IPv6 route out")
    public void noIpv6() {
        Cmd.Result r = world.inAgent("cat /proc/net/if_inet6; echo ---; cat /proc/net/ipv6_route");
        String[] parts = r.out().split("---");
        // scope 00 = global; an address line is: addr ifindex prefixlen scope flags name
        assertThat(parts[0].lines().map(l -> l.trim().split("\\s+")).filter(f -> f.length > 3 && f[3].equals("00")))
                .as("global IPv6 addresses\n%s", r).isEmpty();
        // a default route (::/0) that is not the kernel's unreachable entry on lo
        assertThat((parts.length > 1 ? parts[1] : "").lines().filter(l -> l.matches("^0{32} 00 .*") && !l.trim().endsWith(" lo")))
                .as("IPv6 default route\n%s", r).isEmpty();
    }

    @Then("a connection to an IPv6 address from the agent fails for lack of a route")
    public void ipv6Fails() {
        String probe = world.fromAgent().connect("2001:db8::1", 443);
        assertThat(probe).doesNotContain("connected").containsAnyOf("Network is unreachable", "Cannot assign requested address",
                "Address family not supported");
    }

    /** curl through the agent's proxy: {@code --connect-to} makes the CONNECT name the tunnel host, SNI and Host name the other. */
    @When("the agent tunnels to {string} through the proxy and names {string} in TLS and HTTP")
    public void tunnelNaming(String tunnelHost, String named) {
        world.fetch(world.session, "https://" + named + "/fronted", "--connect-to", named + ":443:" + tunnelHost + ":443");
    }

    @Then("the fixture behind {string} received the proxy's TLS hello and request naming {string}")
    public void frontReceived(String front, String named) {
        assertThat(front).isEqualTo(FixtureDns.FRONT);
        String proxy = DnsSteps.proxyEgressAddress(world);
        FixtureDns dns = world.internet().dns();
        assertThat(world.agent.out()).as("the answer came through the tunnel\n%s", world.agent)
                .contains("fixture-web host=" + named + " path=/fronted").contains("status=200");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(dns.frontHellos()).as("TLS hellos at the allowlisted host's address\n%s", dns.frontLog())
                    .contains(new FixtureDns.Hello(proxy, named));
            assertThat(dns.frontRequests()).contains(new FixtureDns.Request(proxy, named));
        });
    }

    @Then("the fixture behind {string} received nothing from the proxy, though it answers a hello sent to it directly")
    public void evilReceivedNothing(String evil) {
        assertThat(evil).isEqualTo(FixtureDns.EVIL);
        FixtureDns dns = world.internet().dns();
        dns.helloToEvilFromItself();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dns.evilHellos())
                .as("the control: the evil fixture logs the hellos it gets\n%s", dns.evilLog())
                .contains(new FixtureDns.Hello("127.0.0.1", evil)));
        assertThat(dns.evilHellos()).as("TLS hellos at evil.com's address\n%s", dns.evilLog())
                .allSatisfy(h -> assertThat(h.client()).isEqualTo("127.0.0.1"));
        assertThat(dns.evilRequests()).as("HTTP requests at evil.com's address\n%s", dns.evilLog()).isEmpty();
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
