package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.FixtureDns;
import java.time.Duration;

/**
 * Attempts to get around the sandbox (the bypass catalogue of docs/threat-model.md) fail for the reason they should,
 * domain fronting among them: a CONNECT to one name, TLS (SNI) and HTTP (Host) naming another.
 */
public class BypassSteps {
    private final World world;

    public BypassSteps(World world) {
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
}
