package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.Engine;
import io.paude.steps.support.FixtureDns;
import java.time.Duration;
import java.util.List;

/** Steps about name lookups (DNS tunnelling): which names reach a resolver, seen from the recording DNS fixture. */
public class DnsSteps {
    /**
     * A DNS query for argv[2] sent to argv[1] on port 53 over argv[3] (udp|tcp), without the system resolver.
     * Prints "answered" or "failed: " and the kernel's reason. No single quote: it travels inside sh -c '...'.
     */
    static final String RAW_QUERY = """
            import socket, struct, sys
            host, name, proto = sys.argv[1], sys.argv[2], sys.argv[3]
            q = struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
            q += b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\\0" + struct.pack("!HH", 1, 1)
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if proto == "udp" else socket.SOCK_STREAM)
            s.settimeout(4)
            try:
                s.connect((host, 53))  # a connected UDP socket reports the ICMP error (refused, unreachable)
                s.sendall(q if proto == "udp" else struct.pack("!H", len(q)) + q)
                s.recv(512)
                print(proto, "answered")
            except Exception as e:
                print(proto, "failed:", e)
            """;

    private final World world;
    private List<String> attempts = List.of();
    /** Queries recorded before this scenario's sandbox started: earlier scenarios' queries are not this one's evidence. */
    private int queriesBefore;

    public DnsSteps(World world) {
        this.world = world;
    }

    @Given("a sandbox whose proxy resolves through the recording DNS server of the test internet")
    public void sandboxWithRecordingResolver() {
        queriesBefore = dns().queries().size();
        world.startSandbox("--proxy-dns", dns().address());
    }

    @When("the agent looks up {string} with getent, curl without the proxy, and Python")
    public void agentLooksUp(String name) {
        world.inAgent("echo resolv: $(grep -E '^nameserver' /etc/resolv.conf | tr -s ' ' | tr '\\n' ';'); "
                + "getent ahosts " + name + "; echo getent rc=$?; "
                + "curl -sS -m 5 --noproxy '*' http://" + name + "/ 2>&1; echo curl rc=$?; "
                + "python3 -c 'import socket,sys\ntry: socket.getaddrinfo(sys.argv[1], 80); print(\"python resolved\")\n"
                + "except OSError as e: print(\"python failed:\", e)' " + name + "; "
                + "python3 -c '" + RAW_QUERY + "' 127.0.0.1 " + name + " udp");
    }

    @Then("every lookup fails because the agent's only resolver is a dead loopback address")
    public void lookupsFail() {
        String out = world.agent.out();
        assertThat(out).as("%s", world.agent)
                .contains("resolv: nameserver 127.0.0.1;\n")
                .contains("getent rc=2")
                .contains("Could not resolve host")
                .contains("python failed:").doesNotContain("python resolved")
                .contains("udp failed: [Errno 111] Connection refused")
                .doesNotContain("fixture-web");
    }

    @When("the agent sends a query for {string} straight to the recording DNS server on UDP and TCP port 53")
    public void queryStraight(String name) {
        Cmd.Result r = world.inAgent("for p in udp tcp; do python3 -c '" + RAW_QUERY + "' " + dns().address() + " " + name + " $p; done");
        attempts = r.out().lines().filter(l -> l.startsWith("udp ") || l.startsWith("tcp ")).toList();
    }

    @Then("both attempts fail for lack of a route")
    public void bothFail() {
        assertThat(attempts).as("%s", world.agent).hasSize(2).allSatisfy(a -> assertThat(a).contains("failed:")
                .containsAnyOf(NetworkSteps.NO_ROUTE.toArray(String[]::new)));
    }

    @Then("the recording DNS server received no query for a name containing {string}")
    public void noQuery(String part) {
        List<FixtureDns.Query> all = dns().queries();
        assertThat(all.subList(queriesBefore, all.size())).as("queries the recording DNS server received in this scenario")
                .noneSatisfy(q -> assertThat(q.name()).contains(part.toLowerCase()));
    }

    @Then("the recording DNS server received the proxy's query for {string}")
    public void proxyQueried(String name) {
        String proxy = proxyEgressAddress(world);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dns().queries())
                .as("the positive control: this sandbox's proxy (%s) resolves through the recording DNS server\n%s", proxy,
                        dns().log())
                .anySatisfy(q -> {
                    assertThat(q.client()).isEqualTo(proxy);
                    assertThat(q.name()).isEqualTo(name);
                    assertThat(q.type()).isEqualTo("A");
                }));
    }

    private FixtureDns dns() {
        return world.internet().dns();
    }

    /** The proxy's address on the egress network: the client address the test internet sees. */
    static String proxyEgressAddress(World world) {
        String egressName = Engine.ok("network", "inspect", "--format", "{{.Name}}", world.internet().networkName());
        return Engine.inspect(world.session + "-proxy", "{{(index .NetworkSettings.Networks \"" + egressName + "\").IPAddress}}");
    }
}
