package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The agent cannot fill the host's disk through paude's logs: the proxy's logs and the engine's log of the agent,
 * flooded from inside the agent and measured on the host; what the engine reports; the newest records kept.
 */
public class HostDiskSteps {
    /** Docker's json-file rotates before a write once a file has reached max-size: a file passes it by one entry. */
    private static final long DOCKER_ENTRY = 1024;
    /** Squid writes its cache log itself and rotates it when told: a file passes its quarter by what it wrote meanwhile. */
    private static final long CACHE_LOG_SLACK = 8 * 1024;

    /** Files of the workspace: the bytes the agent wrote to its output; the test is done with the running agent. */
    private static final String BYTES = ".flood-bytes";
    private static final String DONE = ".flood-done";

    private final World world;
    private long written;
    private CompletableFuture<Cmd.Result> run;

    public HostDiskSteps(World world) {
        this.world = world;
    }

    @When("the agent is denied a request to {string}, sends {int} requests with {int}-byte URLs through the proxy, then one to {string}")
    public void floodProxy(String first, int n, int length, String last) {
        Cmd.Result denied = world.inAgent("curl -s -o /dev/null -m 5 -w '%{http_code}' http://" + first + "/");
        assertThat(denied.out().strip()).as("the first request's status, as the agent saw it: %s", denied).isEqualTo("403");
        Cmd.Result r = world.inAgent("long=$(head -c " + length + " /dev/zero | tr '\\0' a); i=1; while [ $i -le " + n
                + " ]; do curl -s -o /dev/null -m 5 \"http://flood-$i.invalid/$long\"; i=$((i+1)); done; "
                + "curl -s -o /dev/null -m 5 -w '%{http_code}' http://" + last + "/");
        assertThat(r.out().strip()).as("the last request's status, as the agent saw it: %s", r).isEqualTo("403");
    }

    private Path proxyLogs() {
        return world.sessionDir(world.session).resolve("proxy-log");
    }

    private List<Path> files(Path dir, String prefix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Then("the proxy's access log on the host is at most {int}k in at most {int} parts, its first part kept and parts after it dropped")
    public void accessLogCapped(int kib, int parts) {
        List<Path> all = files(proxyLogs(), "access.log");
        long total = all.stream().mapToLong(HostDiskSteps::size).sum();
        assertThat(total).as("bytes of %s", all).isLessThanOrEqualTo(kib * 1024L);
        List<String> numbered = all.stream().map(p -> p.getFileName().toString()).filter(n -> n.matches("access\\.log\\.\\d{6}")).toList();
        assertThat(numbered).as("parts of the access log").hasSizeBetween(2, parts).startsWith("access.log.000000")
                .doesNotContain("access.log.000001");
        // the newest part's number counts the parts written: more than the cap was logged
        int newest = Integer.parseInt(numbered.get(numbered.size() - 1).substring("access.log.".length()));
        assertThat((newest + 1L) * kib * 1024 / parts).as("bytes logged in %d parts", newest + 1).isGreaterThan(kib * 1024L);
    }

    @Then("squid's cache log on the host is in at most {int} files of at most a quarter of {int}k and 8k more each, and it was rotated")
    public void cacheLogCapped(int count, int kib) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(proxyLogs().resolve("cache.log.0")).as("squid's first rotated cache log").exists());
        List<Path> all = files(proxyLogs(), "cache.log");
        assertThat(all).as("squid's cache logs").hasSizeLessThanOrEqualTo(count);
        assertThat(all).allSatisfy(p -> assertThat(size(p)).as("bytes of %s", p).isLessThanOrEqualTo(kib * 1024L / 4 + CACHE_LOG_SLACK));
        assertThat(all.stream().filter(p -> p.getFileName().toString().matches("cache\\.log\\.\\d")).mapToLong(HostDiskSteps::size))
                .as("a rotated cache log that had passed its quarter when squid rotated it").anyMatch(b -> b > kib * 1024L / 4);
    }

    @Then("the audit log no longer records a request to {string}")
    public void requestGone(String host) {
        Cmd.Result r = world.runPaude(List.of("audit", world.session, "--json"));
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> requests = r.out().lines().filter(l -> l.contains("\"type\":\"request\"")).toList();
        assertThat(requests).as("requests still in the audit").anyMatch(l -> l.contains("\"host\":\"flood-"));
        assertThat(requests).noneMatch(l -> l.contains("\"host\":\"" + host + "\""));
    }

    @Then("paude audit says how many requests the cap dropped and from when, after the request to {string}")
    public void requestsDropped(String first) {
        List<JsonNode> events = world.auditEvents(world.session);
        JsonNode d = events.stream().filter(e -> e.path("type").asText().equals("dropped") && e.path("stream").asText().equals("proxy"))
                .findFirst().orElseThrow(() -> new AssertionError("no dropped event of the proxy's log in " + events));
        long dropped = d.path("requests").asLong();
        long kept = events.stream().filter(e -> e.path("type").asText().equals("request") && e.path("host").asText().startsWith("flood-")).count();
        assertThat(dropped + kept).as("requests dropped (%d) and kept (%d) of the flood and the two others", dropped, kept)
                .isBetween(600L - 2, 600L + 2);
        JsonNode request = events.stream().filter(e -> e.path("type").asText().equals("request") && e.path("host").asText().equals(first))
                .findFirst().orElseThrow();
        assertThat(d.path("from").asText()).isGreaterThanOrEqualTo(request.path("time").asText());
        assertThat(d.path("to").asText()).isGreaterThanOrEqualTo(d.path("from").asText());
        Cmd.Result human = world.runPaude(List.of("audit", world.session));
        assertThat(human.out()).contains("DROPPED   " + dropped + " requests of the proxy's access log, recorded from ");
    }

    @When("the agent of a paude run with an audit cap of {int}k writes {int} lines of {int} bytes, then {string}")
    public void floodOutput(int kib, int lines, int bytes, String last) {
        // What the agent of 'paude run' prints goes to the engine's log of its container (and to the terminal). It
        // then waits, so that the log can be measured while the container exists, until told it is done (or 2 min).
        String script = "seq -f 'flood-output-%06g " + "x".repeat(bytes - 21) + "' 1 " + lines + " > /tmp/flood; cat /tmp/flood; "
                + "echo " + last + "; wc -c < /tmp/flood > " + BYTES + ".tmp && mv " + BYTES + ".tmp " + BYTES + "; "
                + "i=0; while [ ! -e " + DONE + " ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i+1)); done";
        run = CompletableFuture.supplyAsync(() -> world.runPaude(world.runArgs(List.of("--audit-max-size", kib + "k"),
                List.of("sh", "-c", script))));
        String workspace = "paude.workspace=" + world.workspace.dir();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(run).as("paude run").isNotCompleted();
            assertThat(Files.exists(world.workspace.dir().resolve(BYTES))).as("the agent wrote its output").isTrue();
            world.session = World.sessionWithAgentAmong(Engine.containersLabelled(workspace));
        });
        world.sessions.add(world.session);
        try {
            written = Long.parseLong(Files.readString(world.workspace.dir().resolve(BYTES)).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Then("the engine reports the logs of the agent and the proxy capped at {int}k")
    public void engineReports(int kib) throws IOException {
        for (ContainerEvidence c : List.of(world.agentEvidence(), world.proxyEvidence())) {
            ContainerEvidence.Log log = c.log();
            if (Engine.NAME.equals("podman")) {
                // podman keeps one k8s-file, which conmon starts afresh when it is full
                assertThat(log.type()).as("%s: %s", c.name(), log).isEqualTo("k8s-file");
                // reported rounded to four significant digits ("65.54kB" for 65536 bytes)
                assertThat(humanBytes(log.size())).as("%s: %s", c.name(), log)
                        .isCloseTo(kib * 1024L, org.assertj.core.data.Offset.offset(kib * 1024L / 1000));
            } else {
                assertThat(log.type()).as("%s: %s", c.name(), log).isEqualTo("json-file");
                assertThat(log.options().get("max-size")).as("%s: %s", c.name(), log).isEqualTo(Long.toString(kib * 1024L / 4));
                assertThat(log.options().get("max-file")).as("%s: %s", c.name(), log).isEqualTo("4");
            }
        }
    }

    /** Podman reports the size as a decimal human size ("65.54kB"), or in bytes. */
    private static long humanBytes(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)\\s*([kKMG]?)i?B?").matcher(s.strip());
        assertThat(m.matches()).as("a size: '%s'", s).isTrue();
        long unit = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 1000;
            case "m" -> 1000_000;
            case "g" -> 1000_000_000;
            default -> 1;
        };
        return Math.round(Double.parseDouble(m.group(1)) * unit);
    }

    @Then("the engine's log of the agent on the host is at most {int}k, though more was written")
    public void engineLogCapped(int kib) {
        Path log = Path.of(world.agentEvidence().log().path());
        assertThat(log).as("the engine's log file of the agent").isNotEqualTo(Path.of("")).exists();
        List<Path> all = files(log.getParent(), log.getFileName().toString());
        long total = all.stream().mapToLong(HostDiskSteps::size).sum();
        long slack = Engine.NAME.equals("podman") ? 0 : 4 * DOCKER_ENTRY;
        assertThat(total).as("bytes of %s", all).isLessThanOrEqualTo(kib * 1024L + slack);
        assertThat(written).as("bytes the agent wrote").isGreaterThan(kib * 1024L);
    }

    @Then("the engine's log of the agent ends with {string} and no longer holds the first line")
    public void engineLogNewest(String last) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Cmd.Result r = Engine.cli("logs", world.agentName());
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out().strip()).as("the end of the engine's log").endsWith(last);
            assertThat(r.out()).contains("flood-output-").doesNotContain("flood-output-000001 ");
        });
        world.workspace.write(DONE, "");
        Cmd.Result r = run.join();
        assertThat(r.exit()).as("the agent's run, ended: %s", r).isZero();
    }
}
