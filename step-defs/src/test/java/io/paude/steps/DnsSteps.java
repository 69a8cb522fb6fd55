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
    private List<String> privateNames = List.of();
    private String fetched = "";

    public DnsSteps(World world) {
        this.world = world;
    }

    @Given("a sandbox that allows {string}, its proxy resolving through the recording DNS server of the test internet")
    public void sandboxWithRecordingResolver(String hosts) {
        queriesBefore = dns().queries().size();
        List<String> args = new java.util.ArrayList<>(List.of("--proxy-dns", dns().address()));
        for (String host : hosts.split(" ")) {
            args.addAll(List.of("--allow-domain", host));
        }
        world.startSandbox(args.toArray(String[]::new));
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

    @Given("the recording DNS server answers these allowlisted names with private addresses:")
    public void privateNames(io.cucumber.datatable.DataTable table) {
        privateNames = table.asMaps().stream().map(r -> r.get("name")).toList();
        for (var row : table.asMaps()) {
            assertThat(FixtureDns.PRIVATE_NAMES).as("the fixture's private names").containsEntry(row.get("name"), row.get("answer"));
        }
        assertThat(world.sessionAllowlist()).as("the session's allowlist").containsAll(privateNames);
        assertThat(privateNames).hasSize(3);
    }

    @Then("the proxy's configuration refuses private destinations to allowlisted names, except the test internet's subnet")
    public void privateRulesRendered() throws java.io.IOException {
        List<String> conf = java.nio.file.Files.readAllLines(world.sessionDir(world.session).resolve("proxy/squid.conf"));
        String subnet = world.internet().subnet();
        assertThat(conf).as("the session's squid.conf").contains("acl private_opened dst " + subnet,
                "http_access deny allowlist never_dst", "http_access deny allowlist !private_opened private_dst")
                .anySatisfy(l -> assertThat(l).startsWith("acl allowlist dstdomain -n ").contains(privateNames))
                .anySatisfy(l -> assertThat(l).startsWith("acl never_dst dst ").contains(" 127.0.0.0/8 ", " 169.254.0.0/16 "))
                .anySatisfy(l -> assertThat(l).startsWith("acl private_dst dst ").contains("172.16.0.0/12", "10.0.0.0/8"));
        int allow = conf.indexOf("http_access allow allowlist");
        assertThat(conf.indexOf("http_access deny allowlist !private_opened private_dst")).as("before the allow").isBetween(0, allow);
    }

    @When("the agent fetches each of them over plain HTTP and over HTTPS")
    public void fetchPrivateNames() {
        StringBuilder cmd = new StringBuilder();
        for (String name : privateNames) {
            for (String url : List.of("http://" + name + "/latest/meta-data/", "https://" + name + "/")) {
                cmd.append("echo '== ").append(url).append("'; curl -sS -m 15 -w '\\nstatus=%{http_code}\\n' '").append(url)
                        .append("' 2>&1; ");
            }
        }
        fetched = world.inAgent(cmd.toString()).out();
    }

    @Then("each fetch is refused with 403, the plain HTTP page saying the name resolves to a private address")
    public void privateRefused() {
        assertThat(fetched).as("what the agent got").doesNotContain("fixture-web");
        for (String name : privateNames) {
            String http = section(fetched, "http://" + name + "/latest/meta-data/");
            assertThat(http).as("plain HTTP to %s", name).contains("status=403")
                    .contains("paude: blocked by the sandbox: " + name + " resolves to a private address")
                    .contains("--allow-private-destinations");
            assertThat(section(fetched, "https://" + name + "/")).as("CONNECT to %s", name)
                    .contains("CONNECT tunnel failed, response 403");
        }
    }

    @Then("the proxy's access log shows each of them denied with the reason ERR_PAUDE_PRIVATE")
    public void privateLogged() {
        for (String name : privateNames) {
            for (String target : List.of(" GET http://" + name + "/latest/meta-data/ ", " CONNECT " + name + ":443 ")) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        io.paude.proxy.AccessLog.lines(world.sessionDir(world.session)))
                        .as("the proxy's access log").anySatisfy(l -> assertThat(l).contains(target)
                                .contains(" 403 TCP_DENIED ").endsWith("/ERR_PAUDE_PRIVATE")));
            }
        }
    }

    @Then("the recording DNS server answered the proxy's query for each of them with its private address")
    public void privateAnswered() {
        String proxy = proxyEgressAddress(world);
        for (String name : privateNames) {
            String line = "fixture-dns query client=" + proxy + " proto=udp name=" + name + " type=A rcode=NOERROR answer="
                    + FixtureDns.privateAnswer(name);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dns().log().lines())
                    .as("the refusal came after the lookup, with this answer").anySatisfy(l -> assertThat(l).contains(line)));
        }
    }

    /** The output of one fetch in a run of several, each started by "== URL". */
    private static String section(String out, String url) {
        int start = out.indexOf("== " + url + "\n");
        assertThat(start).as("output of %s in\n%s", url, out).isNotNegative();
        int end = out.indexOf("\n== ", start + 1);
        return out.substring(start, end < 0 ? out.length() : end);
    }

    private FixtureDns dns() {
        return world.internet().dns();
    }

    /** The proxy's address on the egress network: the client address the test internet sees. */
    static String proxyEgressAddress(World world) {
        String egressName = Engine.networkName(world.internet().networkName());
        return world.proxyEvidence().addressOn(egressName);
    }
}
