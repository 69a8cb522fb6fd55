package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;

/** Steps for attempts to get around the sandbox (the bypass catalogue of docs/threat-model.md). */
public class AttackSteps {
    private final World world;

    public AttackSteps(World world) {
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
}
