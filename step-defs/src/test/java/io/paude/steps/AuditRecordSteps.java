package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.AuditRecord;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.Suite;
import io.paude.steps.support.Timeline;
import io.paude.steps.support.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The command audit's record: every program the agent starts is one JSON line, read back from the host's files; and
 * the one timeline that shows what ran and what it tried to reach (the proxy's decisions, 'paude audit' and its
 * filters, --follow).
 */
public class AuditRecordSteps {
    static final List<String> FIELDS = List.of("time", "type", "session", "pid", "ppid", "program", "argv", "cwd", "user",
            "exit", "signal");
    private final World world;
    private final AuditRecord audit;
    private Process follower;
    private Path followOut;

    public AuditRecordSteps(World world, AuditRecord audit) {
        this.world = world;
        this.audit = audit;
    }

    @When("a sandbox starts with {string}")
    public void sandboxWith(String args) {
        world.startSandbox(args.split(" "));
    }

    // "the agent runs {string}" (no check of the exit code) is EgressSteps'
    @Given("the agent has run {string}")
    public void agentRuns(String shell) {
        audit.ran(shell);
    }

    @When("the agent runs:")
    public void agentRunsScript(String script) {
        audit.ran(script.strip());
    }

    @When("the session is stopped")
    public void stopSession() {
        assertThat(world.runPaude(List.of("stop", world.session)).exit()).isZero();
    }

    @Then("the audit log records the attempt to run {string} as missing")
    public void recordsMissing(String program) {
        List<JsonNode> found = world.auditExecs(world.session).stream().filter(e -> e.path("program").asText().equals(program)).toList();
        assertThat(found).as("attempts to run %s", program).hasSize(1);
        assertThat(found.get(0).path("missing").asBoolean()).as(found.get(0).toString()).isTrue();
    }

    @Then("the audit log records {string} with exit code {int} in the workspace's {string} directory")
    public void recordedIn(String argv, int code, String dir) {
        JsonNode e = audit.recorded(argv);
        assertThat(e.path("exit").asInt(-1)).isEqualTo(code);
        assertThat(e.path("cwd").asText()).isEqualTo(world.workspace.dir().resolve(dir).toString());
    }

    @Then("the audit log records {string} with exit code {int}")
    public void recordedWith(String argv, int code) {
        JsonNode e = audit.recorded(argv);
        assertThat(e.path("exit").isInt()).as(e.toString()).isTrue();
        assertThat(e.path("exit").asInt()).isEqualTo(code);
    }

    @Then("the audit log records {string} killed by {word}")
    public void killedBy(String argv, String signal) {
        JsonNode e = audit.recorded(argv);
        assertThat(e.path("signal").asText()).isEqualTo(signal);
        assertThat(e.path("exit").isNull()).isTrue();
    }

    @Then("the audit log no longer records {string}")
    public void notRecorded(String argv) {
        assertThat(world.auditExecs(world.session)).noneSatisfy(e -> assertThat(Timeline.argv(e)).isEqualTo(argv));
    }

    @Then("the audit log records a program {string} with arguments {string}")
    public void programWithArgs(String program, String argv) {
        assertThat(audit.recorded(argv).path("program").asText()).isEqualTo(program);
    }

    @Then("every recorded command has a UTC time with milliseconds, the session, its parent pid and the agent's user")
    public void everyField() {
        List<JsonNode> execs = world.auditExecs(world.session);
        assertThat(execs).hasSizeGreaterThan(3).allSatisfy(e -> {
            assertThat(e.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(e.path("session").asText()).isEqualTo(world.session);
            assertThat(e.path("user").asText()).isEqualTo(Workspace.OWNER + ":" + Workspace.OWNER);
            assertThat(e.path("pid").asInt()).isPositive();
        });
        JsonNode child = audit.recorded("/bin/true marker-ok");
        assertThat(child.path("ppid").asInt()).isPositive().isNotEqualTo(child.path("pid").asInt());
        assertThat(Instant.parse(child.path("time").asText())).isBetween(Instant.now().minusSeconds(300), Instant.now());
    }

    @Then("the session's audit.jsonl exists in the user's state directory and every line is a JSON object")
    public void jsonlOnHost() throws IOException {
        Path f = world.sessionDir(world.session).resolve("audit.jsonl");
        assertThat(f).isRegularFile();
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).isNotEmpty().allSatisfy(Timeline::event);
    }

    @Then("each exec line has exactly the fields time, type, session, pid, ppid, program, argv, cwd, user, exit, signal")
    public void exactFields() throws IOException {
        List<String> lines = Files.readAllLines(world.sessionDir(world.session).resolve("audit.jsonl"));
        List<JsonNode> execs = lines.stream().map(Timeline::event).filter(e -> e.path("type").asText().equals("exec")).toList();
        assertThat(execs).isNotEmpty().allSatisfy(e -> {
            List<String> names = new ArrayList<>();
            e.fieldNames().forEachRemaining(names::add);
            // the optional flags of docs/audit.md, after the fixed fields
            assertThat(names.subList(0, FIELDS.size())).containsExactlyElementsOf(FIELDS);
            assertThat(names.subList(FIELDS.size(), names.size())).isSubsetOf("missing", "cut", "unreadable", "replaced", "argc",
                    "long", "failed", "interpreter", "differs", "ran_program", "ran_argv", "ran_long");
        });
    }

    @Given("paude audit --follow is watching the session")
    public void follow() throws IOException {
        followOut = Files.createTempFile("paude-follow-", ".txt");
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", Suite.jar().toString(), "audit", world.session, "--follow")
                .redirectInput(new java.io.File("/dev/null")).redirectOutput(followOut.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", world.home.toString());
        follower = pb.start();
    }

    @Then("the followed timeline shows {string} within {int} seconds")
    public void followed(String cmd, int seconds) {
        try {
            await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(Files.readAllLines(followOut)).anySatisfy(l -> assertThat(l).contains(cmd)));
            assertThat(follower.isAlive()).as("--follow keeps running").isTrue();
        } finally {
            follower.destroy();
        }
    }

    @After
    public void stopFollower() {
        if (follower != null) {
            follower.destroyForcibly();
        }
    }

    @When("the agent fetches {string} and {string}")
    public void fetchBoth(String a, String b) {
        world.fetch(world.session, a);
        world.fetch(world.session, b);
    }

    @Then("the audit log records a request to {string} that was {word} with status {int}")
    public void request(String host, String decision, int status) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(world.auditEvents(world.session)).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("request");
            assertThat(e.path("host").asText()).isEqualTo(host);
            assertThat(e.path("decision").asText()).isEqualTo(decision);
            assertThat(e.path("status").asInt()).isEqualTo(status);
            assertThat(e.path("session").asText()).isEqualTo(world.session);
        }));
    }

    private List<String> human(String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", world.session));
        args.addAll(List.of(extra));
        Cmd.Result r = world.runPaude(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().toList();
    }

    @Then("paude audit shows the curl commands and marks the evil.com request {string}")
    public void humanTimeline(String mark) {
        List<String> lines = human();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("curl").contains("oauth2.googleapis.com").contains("exit 0"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(mark).contains("CONNECT evil.com:443").contains("403"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(mark).contains("oauth2.googleapis.com"));
    }

    @Then("paude audit --failed shows the denied request but not the allowed one")
    public void failedOnly() {
        List<String> lines = human("--failed");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("DENIED").contains("evil.com"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("oauth2.googleapis.com"));
    }

    @Then("paude audit --grep evil.com shows only lines that mention evil.com")
    public void grep() {
        List<String> lines = human("--grep", "evil\\.com");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2).allSatisfy(l -> assertThat(l).contains("evil.com"));
    }
}
