package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.AuditRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The audit's logs are bounded: the raw log rotates at its cap, and old sessions' logs are pruned. */
public class AuditRetentionSteps {
    private final World world;
    private final AuditRecord audit;

    public AuditRetentionSteps(World world, AuditRecord audit) {
        this.world = world;
        this.audit = audit;
    }

    @Given("a sandbox with an audit cap of {int}k")
    public void cappedSandbox(int kib) {
        world.startSandbox("--audit-max-size", kib + "k");
    }

    @When("the agent starts {int} processes {string}")
    public void manyProcesses(int n, String pattern) {
        audit.ran("i=0; while [ $i -lt " + n + " ]; do " + pattern.replace("N", "$i") + "; i=$((i+1)); done");
    }

    @Then("the raw log of that command is at most {int}k in at most {int} parts, its first part kept")
    public void rotated(int kib, int parts) throws IOException {
        Map<String, List<Path>> streams = new TreeMap<>();
        try (Stream<Path> files = Files.list(world.sessionDir(world.session).resolve("audit-raw"))) {
            files.filter(p -> p.getFileName().toString().matches(".*[.][0-9]+")).forEach(p -> {
                String n = p.getFileName().toString();
                streams.computeIfAbsent(n.substring(0, n.lastIndexOf('.')), k -> new ArrayList<>()).add(p);
            });
        }
        List<Path> biggest = streams.values().stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
        long total = 0;
        for (Path p : biggest) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(kib * 1024L / parts);
            total += Files.size(p);
        }
        assertThat(biggest).hasSizeBetween(2, parts).anySatisfy(p -> assertThat(p.toString()).endsWith(".000000"));
        assertThat(total).isLessThanOrEqualTo(kib * 1024L).isGreaterThan(kib * 1024L / parts);
    }

    @Given("the state directory holds the logs of {int} old sessions, {int} of them older than {int} days")
    public void oldSessions(int n, int old, int days) throws IOException {
        Path sessions = world.paude.stateDir().resolve("sessions");
        for (int i = 1; i <= n; i++) {
            Path d = Files.createDirectories(sessions.resolve("paude-old" + i));
            Files.writeString(d.resolve("session.json"), "{}");
            Files.writeString(d.resolve("audit.jsonl"), "");
            Duration age = i <= old ? Duration.ofDays(days + 10L - i) : Duration.ofHours(n + 1L - i);
            Files.setLastModifiedTime(d, FileTime.from(Instant.now().minus(age)));
        }
    }

    @Then("only the newest old session's log and the new session's are left")
    public void pruned() throws IOException {
        try (Stream<Path> list = Files.list(world.paude.stateDir().resolve("sessions"))) {
            assertThat(list.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("paude-old4", world.session);
        }
    }
}
