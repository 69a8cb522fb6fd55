package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.AuditRecord;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import io.paude.steps.support.KernelView;
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

/**
 * The audit log stays whole and bounded whatever the agent does: the agent can neither read, alter nor delete it (the
 * log kept intact on the host); if the recorder dies the session stops and says why, and the engine's stop ends the
 * agent through the recorder; the raw log rotates at its cap and old sessions' logs are pruned.
 */
public class AuditLogIntactSteps {
    private final World world;
    private final AuditRecord audit;
    private Cmd.Result attempts;
    private Duration stopTook;

    public AuditLogIntactSteps(World world, AuditRecord audit) {
        this.world = world;
        this.audit = audit;
    }

    @When("the agent tries to read, append to, truncate and delete its audit log")
    public void tamper() {
        // gVisor lists the descriptors of root's PID 1 to anyone (Linux does not); opening them is refused on both
        String procFd = KernelView.GVISOR
                ? "sh -c 'for f in /proc/1/fd/[1-9]*; do echo forged >> \"$f\" || exit 1; done'" : "ls /proc/1/fd";
        attempts = world.inAgent(AuditRecord.tamperingWith(AuditRecord.LOG) + "a list ls /run/paude-audit; a proc-fd " + procFd
                + "; a proc-root ls /proc/1/root/run/paude-audit; true");
    }

    @Then("every attempt fails with {string}")
    public void everyAttemptFails(String reason) {
        Map<String, String> s = AuditRecord.sections(attempts.out());
        assertThat(s.keySet()).contains("read", "append", "truncate", "delete", "list", "proc-fd", "proc-root");
        s.forEach((k, v) -> assertThat(v).as(k).contains(reason).doesNotContain("rc=0"));
    }

    @Then("the agent can read, append to, truncate and delete a file of its own in \\/tmp")
    public void ownFile() {
        Cmd.Result r = world.inAgent("echo mine > /tmp/own.log; " + AuditRecord.tamperingWith("/tmp/own.log") + "true");
        Map<String, String> s = AuditRecord.sections(r.out());
        assertThat(s.keySet()).contains("read", "append", "truncate", "delete");
        s.forEach((k, v) -> assertThat(v).as(k).contains("rc=0").doesNotContain("denied"));
    }

    @Then("the audit log on the host still records {string} and the tampering attempts")
    public void intact(String argv) throws IOException {
        audit.recorded(argv);
        audit.recorded("truncate -s 0 " + AuditRecord.LOG);
        audit.recorded("rm -f " + AuditRecord.LOG);
        Path main = world.sessionDir(world.session).resolve("audit-raw/main.000000");
        assertThat(Files.size(main)).isPositive();
        // the stream still begins with the agent's first exec, and nothing the agent wrote is in it
        assertThat(Files.readString(main)).startsWith("{\"ev\":\"exec\",\"id\":1,").doesNotContain("forged");
    }

    @Then("the engine reports the log directory under a root-only tmpfs, mounted from the session's state directory")
    public void engineMount() {
        ContainerEvidence agent = world.agentEvidence();
        assertThat(agent.mountAt("/run/paude-audit/log").source()).isEqualTo(world.sessionDir(world.session).resolve("audit-raw").toString());
        assertThat(agent.tmpfsAt("/run/paude-audit")).containsPattern("(^|,)mode=0700");
    }

    @When("the recorder, PID 1 of the agent container, is killed from the host")
    public void killFromHost() {
        Engine.ok("kill", "--signal", "KILL", world.agentName());
    }

    @When("the engine stops the agent's container with a grace period of {int} seconds")
    public void engineStops(int grace) {
        long t0 = System.nanoTime();
        Engine.ok("stop", "--time", String.valueOf(grace), world.agentName());
        stopTook = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Why it ended: by itself (the recorder's exit 0), not by the engine's SIGKILL at the grace period's end (137). */
    @Then("the agent's container ended by itself within {int} seconds, with exit code {int}")
    public void endedByItself(int seconds, int code) {
        assertThat(world.refreshedAgent().state()).as("stopped in %s", stopTook)
                .isEqualTo(new ContainerEvidence.State(false, code, false));
        assertThat(stopTook).isLessThan(Duration.ofSeconds(seconds));
    }

    @Then("the engine reports the agent container as no longer running")
    public void notRunning() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(world.refreshedAgent().state().running()).isFalse());
    }

    @Then("running a command in the session fails, saying the audit recorder stopped the session")
    public void execFails() {
        Cmd.Result r = world.inAgent("echo must-not-run");
        assertThat(r.exit()).isEqualTo(125);
        assertThat(r.out()).doesNotContain("must-not-run");
        assertThat(r.err()).contains("audit recorder").contains("session stops when the recorder does");
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
