package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.Engine;
import java.time.Duration;
import java.util.List;

/** Steps about what the agent can and cannot reach (task 4). */
public class NetworkSteps {
    private final World world;
    private List<String> probes = List.of();
    private String requested = "";

    /**
     * What a connection attempt out of an internal network ends with: the kernel finds no route, or the engine's
     * isolation rules drop the packets and the attempt times out. Anything else (refused, an answer) fails.
     */
    static final List<String> NO_ROUTE = List.of("Network is unreachable", "No route to host", "Connection timed out",
            "Timeout was reached", "timed out");

    public NetworkSteps(World world) {
        this.world = world;
    }

    @Given("a sandbox with the default allowlist")
    public void aDefaultSandbox() {
        world.startSandbox();
    }

    @Given("a sandbox that allows {string} and {string}")
    public void sandboxAllowing(String first, String second) {
        world.startSandbox("--allow-domain", first, "--allow-domain", second);
    }

    @When("the agent fetches {string}")
    public void theAgentFetches(String url) {
        world.fetch(world.session, url);
    }

    @When("the agent fetches {string} bypassing the proxy")
    public void fetchBypassingProxy(String url) {
        world.fetch(world.session, url, "--noproxy", "'*'");
    }

    /**
     * A proxy request for {@code url} ("GET ftp://host/ HTTP/1.1") sent to the proxy as it is: curl would tunnel some
     * schemes (gopher) with CONNECT or take another variable's proxy (ftp_proxy), so it is asked for the request line.
     */
    @When("the agent sends the proxy a request for {string}")
    public void proxyRequest(String url) {
        requested = url;
        world.inAgent("curl -sS -m 15 --noproxy '*' --request-target '" + url + "' -w '\\nstatus=%{http_code}\\n' \"$HTTP_PROXY/\"");
    }

    @Then("the proxy refuses it with {int} and its access log names the reason {string}")
    public void refusedWithReason(int status, String reason) {
        assertThat(world.agent.both()).as("the agent's attempt\n%s", world.agent).doesNotContain("fixture-web")
                .contains("status=" + status);
        if (status == 403) {
            assertThat(world.agent.out()).contains("paude: blocked by the sandbox: scheme not allowed for");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(accessLog())
                .anySatisfy(l -> assertThat(l).contains(" GET " + requested + " " + status + " ")
                        .matches(".* (\\S*/)?" + java.util.regex.Pattern.quote(reason))));
    }

    @When("the agent fetches the test internet by its IP address through the proxy")
    public void fetchRawIp() {
        world.fetch(world.session, "http://" + world.internet().webAddress() + "/");
    }

    @When("the agent connects directly to the test internet's IP address")
    public void connectDirectly() {
        probes = List.of(world.fromAgent().connect(world.internet().webAddress(), 80));
    }

    @When("the agent asks the proxy for its manager page {string}")
    public void managerPage(String path) {
        world.inAgent("curl -sS -m 10 -w '\\nstatus=%{http_code}\\n' \"$HTTP_PROXY" + path + "\" ; "
                + "curl -sS -m 10 -w '\\nstatus=%{http_code}\\n' 'cache_object://localhost/info'");
    }

    @Then("the fetch succeeds with the page of {string}")
    public void fetchSucceeds(String host) {
        assertThat(world.agent.exit()).as("curl exit code\n%s", world.agent).isZero();
        assertThat(world.agent.out()).contains("fixture-web host=" + host).contains("status=200");
    }

    @Then("the agent can still fetch {string}")
    @Then("each agent can fetch {string} through its own proxy")
    public void canStillFetch(String url) {
        for (String s : world.sessions) {
            Cmd.Result r = world.fetch(s, url);
            assertThat(r.exit()).as("positive control in session %s\n%s", s, r).isZero();
            assertThat(r.out()).contains("fixture-web host=" + host(url)).contains("status=200");
        }
    }

    @Then("the proxy refuses it with 403 naming {string}")
    public void refusedNaming(String host) {
        refused();
        if (world.agent.out().contains("status=403")) {
            // plain HTTP: the error page itself names the host and the fix
            assertThat(world.agent.out()).contains("paude: blocked by the sandbox allowlist: " + host)
                    .contains("--allow-domain " + host);
        }
    }

    @Then("the proxy refuses it with 403")
    public void refused() {
        String all = world.agent.both();
        assertThat(all).as("the agent's attempt\n%s", world.agent).doesNotContain("fixture-web host=");
        boolean plain403 = all.contains("status=403");
        boolean tunnel403 = all.contains("CONNECT tunnel failed, response 403");
        assertThat(plain403 || tunnel403).as("a 403 from the proxy (plain HTTP or CONNECT)\n%s", world.agent).isTrue();
    }

    @Then("the proxy's access log shows {string} allowed")
    public void logAllowed(String host) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(accessLog())
                .anySatisfy(l -> assertThat(l).contains(host).doesNotContain("TCP_DENIED").containsPattern(" 200 ")));
    }

    @Then("the proxy's access log shows {string} denied")
    public void logDenied(String host) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(accessLog())
                .anySatisfy(l -> assertThat(l).contains(host).contains(" 403 ").contains("TCP_DENIED")));
    }

    @Then("the fetch fails because the name cannot be resolved")
    public void cannotResolve() {
        assertThat(world.agent.out()).doesNotContain("fixture-web");
        assertThat(world.agent.err()).as("%s", world.agent).contains("Could not resolve host");
    }

    @Then("the agent cannot resolve {string} or {string} itself")
    public void cannotResolveNames(String a, String b) {
        Cmd.Result r = world.inAgent("getent hosts " + a + "; echo rc=$?; getent hosts " + b + "; echo rc=$?; getent hosts localhost; echo rc=$?");
        assertThat(r.out()).as("%s", r).contains("rc=2\n").doesNotContain(a + "\n").doesNotContain(b + "\n");
        assertThat(r.out().split("rc=2").length - 1).as("both lookups fail (getent exit 2)\n%s", r).isEqualTo(2);
        assertThat(r.out()).as("localhost still resolves").containsPattern("(127\\.0\\.0\\.1|::1)\\s+localhost");
    }

    @Then("the connection fails because there is no route")
    public void noRoute() {
        assertThat(probes).singleElement().satisfies(p -> assertThat(p).doesNotContain("connected")
                .containsAnyOf(NO_ROUTE.toArray(String[]::new)));
    }

    @Then("the fetch fails because the proxy is gone")
    public void proxyGone() {
        assertThat(world.agent.out()).doesNotContain("fixture-web");
        assertThat(world.agent.err()).as("%s", world.agent).containsAnyOf("Failed to connect", "Couldn't connect",
                "Connection refused", "No route to host", "Could not connect");
    }

    @Then("the engine reports the agent attached to exactly one network, which is internal")
    public void agentNetworkInternal() {
        List<String> nets = world.agentEvidence().networkNames();
        assertThat(nets).hasSize(1);
        assertThat(networkInternal(nets.get(0))).as("network %s is internal", nets.get(0)).isTrue();
    }

    @Then("the engine reports the proxy attached to that network and to the egress network")
    public void proxyNetworks() {
        List<String> agentNets = world.agentEvidence().networkNames();
        List<String> proxyNets = world.proxyEvidence().networkNames();
        String egressName = Engine.networkName(world.internet().networkName());
        assertThat(proxyNets).containsExactlyInAnyOrder(agentNets.get(0), egressName);
    }

    @Then("the agent's proxy settings point at the proxy's address on that network")
    public void proxySettings() {
        String net = world.agentEvidence().networkNames().get(0);
        String proxyIp = world.proxyEvidence().addressOn(net);
        Cmd.Result r = world.inAgent("echo $HTTPS_PROXY; echo $HTTP_PROXY");
        assertThat(r.out().lines()).containsExactly("http://" + proxyIp + ":3128", "http://" + proxyIp + ":3128");
    }

    @When("the proxy of the sandbox is killed")
    public void killProxy() {
        Engine.ok("kill", world.proxyName());
    }

    @Then("paude warned that the proxy is down and the agent is offline")
    public void warnedProxyDown() {
        assertThat(world.agent.err()).contains("proxy of session " + world.session).contains("offline");
    }

    @Given("a service listening on all the host's addresses")
    public void hostService() {
        world.hostService = new io.paude.steps.support.HostService();
    }

    @When("the agent tries to reach that service at its network gateway and at the egress network's gateway")
    public void reachHost() {
        String agentNet = world.agentEvidence().networkNames().get(0);
        String agentGateway = Engine.ipv4Gateway(agentNet)
                .orElseThrow(() -> new AssertionError("the engine reports no gateway of the agent's network " + agentNet));
        String egressGateway = org.testcontainers.DockerClientFactory.instance().client().inspectNetworkCmd()
                .withNetworkId(world.internet().networkName()).exec().getIpam().getConfig().get(0).getGateway();
        int port = world.hostService.port();
        probes = List.of(agentGateway + " -> " + world.fromAgent().connect(agentGateway, port),
                egressGateway + " -> " + world.fromAgent().connect(egressGateway, port));
    }

    @Then("every attempt fails for lack of a route")
    public void everyAttemptFails() {
        assertThat(probes).hasSize(2).allSatisfy(p -> assertThat(p).doesNotContain("connected")
                .containsAnyOf(NO_ROUTE.toArray(String[]::new)));
    }

    @Then("the service received no connection from the agent")
    public void noConnection() {
        assertThat(world.hostService.connections()).isZero();
        assertThat(world.hostService.answersOnLoopback()).as("the service itself works").isTrue();
    }

    List<String> accessLog() throws java.io.IOException {
        // the proxy's log daemon writes the access log in rotated parts (proxy/AccessLog reads them in order)
        return io.paude.proxy.AccessLog.lines(world.sessionDir(world.session));
    }

    static boolean networkInternal(String network) {
        return Boolean.parseBoolean(Engine.ok("network", "inspect", "--format", "{{.Internal}}", network));
    }

    static String host(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        int end = rest.indexOf('/');
        String hostPort = end < 0 ? rest : rest.substring(0, end);
        return hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
    }
}
