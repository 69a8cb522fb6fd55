package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import io.paude.steps.support.KernelView;
import io.paude.steps.support.RecorderEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import static org.awaitility.Awaitility.await;

/** Steps about whole sessions: research mode, concurrency, lifecycle and the state directory. */
public class ModeSteps {
    private final World world;
    private String ranSession;

    public ModeSteps(World world) {
        this.world = world;
    }

    private List<String> runArgs(String... extra) {
        world.workspace.write(World.CA_FILE, world.internet().caPem());
        return world.runArgs(List.of(extra), List.of());
    }

    @When("the user runs a command with full network access that fetches {string}")
    public void runOpen(String url) {
        world.runPaude(runArgs("--allow-network", "--", "sh", "-c", "echo session=$PAUDE_SESSION; curl -sS -m 15 " + url));
    }

    @When("the user runs a command in a default sandbox that fetches {string}")
    public void runDefaultFetch(String url) {
        world.runPaude(runArgs("--", "sh", "-c", "echo session=$PAUDE_SESSION; curl -sS -m 15 " + url));
    }

    @When("the user runs a command in a sandbox that allows {string}, shows its PID 1 and fetches {string}")
    public void runShowingPid1(String host, String url) {
        world.runPaude(runArgs("--allow-domain", host, "--", "sh", "-c", "echo session=$PAUDE_SESSION; echo \"pid1=$(tr '\\0' ' ' < /proc/1/cmdline)\"; "
                + "curl -sS -m 15 " + url));
    }

    @Then("PID 1 of the agent's container held the command back until the launcher's proxy-ready file appeared")
    public void heldBack() {
        assertThat(world.launched.out()).as("%s", world.launched)
                .contains("pid1=" + RecorderEvidence.BINARY + (KernelView.GVISOR ? " --ptrace --seccomp-rules /etc/paude/seccomp.rules" : "")
                        + " --ready /run/paude-audit/log/proxy-ready --uid ");
    }

    @Then("the session's first command was recorded after squid accepted connections and the launcher said so")
    public void firstCommandAfterReady() throws Exception {
        Path dir = world.sessionDir(session());
        assertThat(Files.readString(dir.resolve("proxy-log/cache.log"))).contains("Accepting HTTP Socket connections");
        java.time.Instant ready = Files.getLastModifiedTime(dir.resolve("audit-raw/proxy-ready")).toInstant()
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // audit.jsonl has milliseconds
        String first = Files.readAllLines(dir.resolve("audit.jsonl")).get(0);
        java.time.Instant ran = java.time.Instant.parse(new ObjectMapper().readTree(first).get("time").asText());
        assertThat(ran).as("the first exec (%s) against the proxy-ready file (%s)", first, ready).isAfterOrEqualTo(ready);
    }

    @When("the user runs a command in a default sandbox")
    public void runDefault() {
        world.runPaude(runArgs("--", "sh", "-c", "echo session=$PAUDE_SESSION; exit 42"));
    }

    @Then("the command's output is the page of {string}")
    public void outputIsPage(String host) {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        assertThat(world.launched.out()).contains("fixture-web host=" + host);
    }

    @Then("the command's output shows the proxy's refusal naming {string}")
    public void outputShowsRefusal(String host) {
        assertThat(world.launched.out()).as("%s", world.launched).doesNotContain("fixture-web")
                .contains("paude: blocked by the sandbox allowlist: " + host);
    }

    @Then("paude warned that the agent has full network access")
    public void warnedOpen() {
        assertThat(world.launched.err()).contains("WARNING: --allow-network").contains("full network access");
    }

    @Then("the session record says the network was open")
    public void recordOpen() throws Exception {
        JsonNode record = new ObjectMapper().readTree(world.sessionDir(session()).resolve("session.json").toFile());
        assertThat(record.get("network").asText()).startsWith("open");
        assertThat(record.get("allowlist")).isEmpty();
    }

    @Then("the command's exit code is passed through")
    public void exitPassedThrough() {
        assertThat(world.launched.exit()).as("%s", world.launched).isEqualTo(42);
    }

    @Then("no container or network of that session remains")
    public void nothingRemains() {
        String label = "paude.session=" + session();
        assertThat(Engine.containersLabelled(label)).isEmpty();
        assertThat(Engine.networksLabelled(label)).isEmpty();
        assertThat(session()).as("the session existed (its record was written)")
                .satisfies(s -> assertThat(world.sessionDir(s).resolve("session.json")).exists());
    }

    @Then("the session's directory under the state directory holds its record and the proxy's access log")
    public void stateDir() throws Exception {
        Path dir = world.sessionDir(session());
        assertThat(dir.resolve("session.json")).exists();
        assertThat(dir.resolve("proxy-log/access.log.000000")).as("the first part of the proxy's access log").exists();
        assertThat(String.join("\n", io.paude.proxy.AccessLog.lines(dir))).contains("evil.com").contains("TCP_DENIED");
        assertThat(Files.readString(dir.resolve("proxy/squid.conf"))).contains("http_access deny all");
    }

    @Given("two sandboxes that allow {string} started at the same time")
    public void twoSandboxes(String host) {
        world.internet();
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> world.startSandbox("--allow-domain", host));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> world.startSandbox("--allow-domain", host));
        a.join();
        b.join();
        assertThat(world.sessions).hasSize(2).doesNotHaveDuplicates();
    }

    @Then("each sandbox has its own proxy on its own network")
    public void ownProxies() {
        String s1 = world.sessions.get(0);
        String s2 = world.sessions.get(1);
        List<String> n1 = world.evidenceOf(World.agentOf(s1)).networkNames();
        List<String> n2 = world.evidenceOf(World.agentOf(s2)).networkNames();
        assertThat(n1).hasSize(1).doesNotContainAnyElementsOf(n2);
        assertThat(world.evidenceOf(World.proxyOf(s1)).networkNames()).contains(n1.get(0)).doesNotContain(n2.get(0));
        assertThat(world.evidenceOf(World.proxyOf(s2)).networkNames()).contains(n2.get(0)).doesNotContain(n1.get(0));
    }

    @Then("the first agent cannot reach the second sandbox's proxy or agent")
    public void cannotReachOther() {
        String s1 = world.sessions.get(0);
        String s2 = world.sessions.get(1);
        ContainerEvidence secondProxy = world.evidenceOf(World.proxyOf(s2));
        ContainerEvidence secondAgent = world.evidenceOf(World.agentOf(s2));
        String net2 = secondAgent.networkNames().stream().filter(secondProxy.networkNames()::contains).findFirst().orElseThrow(
                () -> new AssertionError("the second agent shares no network with its own proxy"));
        String proxy2 = secondProxy.addressOn(net2);
        String agent2 = secondAgent.addressOn(net2);
        // Started and awaited in one exec, so a slow start on a loaded machine is waited for, and a failed start
        // shows its own error and the agent's processes. The marker is printed in two parts: ps -ef shows this very
        // command line, which must not pass for it. curl, not bash's /dev/tcp: exec runs sh.
        Cmd.Result started = world.inAgent(s2, "cd /tmp && nohup python3 -m http.server 8080 --bind 0.0.0.0 >/tmp/svc.log 2>&1 &"
                + " for i in $(seq 120); do curl -s -o /dev/null --noproxy '*' http://127.0.0.1:8080/ && printf '%s-%s\\n' service up"
                + " && exit 0; sleep 0.25; done; cat /tmp/svc.log; ps -ef; exit 1");
        assertThat(started.out()).as("control: the second agent's service is up\n%s", started).contains("service-up");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(world.fromAgent(s2).connect("127.0.0.1", 8080)).as("control: the second agent's service is still up").isEqualTo("connected"));
        assertThat(world.fromAgent(s2).connect(proxy2, 3128)).as("control: the second agent reaches its own proxy").isEqualTo("connected");
        for (String[] target : new String[][] {{proxy2, "3128"}, {agent2, "8080"}}) {
            String probe = world.fromAgent(s1).connect(target[0], Integer.parseInt(target[1]));
            assertThat(probe).as("first agent -> %s:%s", target[0], target[1]).doesNotContain("connected")
                    .containsAnyOf(NetworkSteps.NO_ROUTE.toArray(String[]::new));
        }
    }

    private String session() {
        if (ranSession == null) {
            String line = world.launched.out().lines().filter(l -> l.startsWith("session=")).findFirst()
                    .orElseThrow(() -> new AssertionError("the command did not print its session\n" + world.launched));
            ranSession = line.substring("session=".length()).strip();
        }
        return ranSession;
    }
}
