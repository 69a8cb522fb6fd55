package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.FixtureDns;
import java.time.Duration;

/** Steps about domain fronting: a CONNECT to one name, TLS (SNI) and HTTP (Host) naming another. */
public class FrontingSteps {
    private final World world;

    public FrontingSteps(World world) {
        this.world = world;
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
