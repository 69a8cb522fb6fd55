package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Steps about secrets in the workspace: masks, tracked secrets, --secret, the pre-flight scan, .gitignore. */
public class SecretSteps {
    private final World world;
    /** What was written into the workspace, to prove no output leaks it. */
    private final Map<String, String> written = new LinkedHashMap<>();
    private final Map<String, Boolean> expectMasked = new LinkedHashMap<>();

    public SecretSteps(World world) {
        this.world = world;
    }

    @Given("a workspace holding {string} with {string}")
    public void holding(String path, String content) {
        String text = content.replace("\\n", "\n");
        world.workspace.write(path, text);
        written.put(path, text);
    }

    @Given("a workspace holding {int} small files")
    public void holdingMany(int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path f = world.workspace.dir().resolve(String.format("bulk/d%02d/f%05d.txt", i % 100, i));
            Files.createDirectories(f.getParent());
            Files.writeString(f, "line " + i + " of an ordinary file\n");
        }
        world.workspace.chownToOwner();
    }

    @When("the user runs {string} with paude run on that workspace")
    public void userRuns(String command) {
        userRunsWith(command, List.of());
    }

    @When("the user runs {string} with paude run on that workspace and {string}")
    public void userRunsWith(String command, String flag) {
        userRunsWith(command, List.of(flag));
    }

    private void userRunsWith(String command, List<String> flags) {
        world.containersBefore = world.paudeContainers();
        world.runPaude(world.runArgs(flags, List.of("sh", "-c", command)));
    }

    @Then("the workspace holds no {string}: the agent's command never ran")
    public void holdsNo(String file) {
        assertThat(world.workspace.dir().resolve(file)).as("%s", world.launched).doesNotExist();
    }

    @Then("the workspace holds {string}")
    public void holdsFile(String file) {
        assertThat(world.workspace.dir().resolve(file)).as("%s", world.launched).exists();
    }

    @Given("a workspace holding these files:")
    public void holdingFiles(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            holding(row.get("path"), row.get("content"));
            expectMasked.put(row.get("path"), "yes".equals(row.get("masked")));
        }
    }

    @Given("a hard link {string} to {string} made before the start")
    public void hardLink(String link, String target) throws IOException {
        Path l = world.workspace.dir().resolve(link);
        Files.createDirectories(l.getParent());
        Files.createLink(l, world.workspace.dir().resolve(target));
        world.workspace.chownToOwner();
        written.put(link, written.get(target));
    }

    @Given("a sandbox on that workspace")
    public void sandbox() {
        world.startSandbox();
    }

    @Given("a sandbox on that workspace with {string} {string}")
    public void sandboxWith(String flag, String value) {
        world.startSandbox(flag, value);
    }

    @When("the user starts a sandbox on that workspace")
    public void userStarts() {
        userStartsWith();
    }

    @When("the user starts a sandbox on that workspace with {string}")
    public void userStartsWith1(String flag) {
        userStartsWith(flag);
    }

    @When("the user starts a sandbox on that workspace with {string} {string}")
    public void userStartsWith2(String flag, String value) {
        userStartsWith(flag, value);
    }

    private void userStartsWith(String... extra) {
        world.workspace.write(World.CA_FILE, world.internet().caPem());
        world.containersBefore = world.paudeContainers();
        List<String> args = new ArrayList<>(List.of("start", "--agent", "shell", "--workspace", world.workspace.dir().toString(),
                "--egress-network", world.internet().networkName(), "--allow-private-destinations", world.internet().subnet()));
        args.addAll(List.of(extra));
        Cmd.Result r = world.runPaude(args);
        if (r.exit() == 0) {
            world.session = r.out().strip();
            world.sessions.add(world.session);
        }
    }

    @Then("the agent reads {string} from {string}")
    public void agentReads(String content, String path) {
        Cmd.Result r = world.inAgent("cat " + path);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains(content);
    }

    @Then("the agent reads {string} through {string}")
    public void agentReadsThrough(String content, String command) {
        Cmd.Result r = world.inAgent(command);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains(content);
    }

    @Then("reading {string} fails because {string}")
    public void readingFails(String path, String reason) {
        Cmd.Result r = world.inAgent("cat " + path);
        assertThat(r.exit()).as("reading must fail\n%s", r).isNotZero();
        assertThat(r.both()).contains(reason);
        assertNoLeak(r);
    }

    @Then("writing {string} fails because {string}")
    public void writingFails(String path, String reason) {
        assertThat(world.fromAgent().refusedWrite(path)).containsPattern(io.paude.steps.support.KernelView.reason(reason));
    }

    private void assertNoLeak(Cmd.Result r) {
        for (Map.Entry<String, String> w : written.entrySet()) {
            if (!Boolean.FALSE.equals(expectMasked.get(w.getKey())) && !w.getKey().equals("notes.txt")) {
                assertThat(r.both()).as("output of %s leaks %s", r.argv(), w.getKey()).doesNotContain(w.getValue().strip());
            }
        }
    }

    @Then("the engine reports {string} and {string} as read-only mounts in the workspace")
    public void engineReportsMasks(String a, String b) {
        ContainerEvidence agent = world.agentEvidence();
        for (String f : List.of(a, b)) {
            assertThat(agent.mountAt(world.workspace.dir().resolve(f).toString()).rw()).as("%s writable", f).isFalse();
        }
        assertThat(agent.mountAt(world.workspace.dir().toString()).rw()).as("the workspace itself stays writable").isTrue();
    }

    @Then("each way of reading {string} fails, and the same way works on an ordinary file:")
    public void eachWayFails(String secret, DataTable table) {
        int n = 0;
        for (Map<String, String> row : table.asMaps()) {
            String command = row.get("command");
            Cmd.Result attack = world.inAgent(command.replace("FILE", secret));
            assertThat(attack.exit()).as("%s must fail\n%s", row.get("way"), attack).isNotZero();
            assertThat(attack.both()).as("%s must fail because %s\n%s", row.get("way"), row.get("reason"), attack)
                    .containsPattern(io.paude.steps.support.KernelView.reason(row.get("reason")));
            assertNoLeak(attack);
            String dir = "control-" + n++;
            Cmd.Result control = world.inAgent("mkdir " + dir + " && cd " + dir + " && printf 'ordinary notes' > ordinary && "
                    + command.replace("FILE", "ordinary"));
            assertThat(control.exit()).as("%s on an ordinary file must work\n%s", row.get("way"), control).isZero();
        }
    }

    @Then("each file marked masked reads {string} and every other file reads its content")
    public void eachFileMasked(String reason) {
        expectMasked.forEach((path, masked) -> {
            if (masked) {
                readingFails(path, reason);
            } else {
                agentReads(written.get(path), path);
            }
        });
    }

    @Given("a trusted project configuration that masks {string}")
    public void configMasks(String glob) {
        trustedConfig("{\"secrets\": {\"mask\": [\"" + glob + "\"]}}");
    }

    @Given("a trusted project configuration that allows {string}")
    public void configAllows(String glob) {
        trustedConfig("{\"secrets\": {\"allow\": [\"" + glob + "\"]}}");
    }

    private void trustedConfig(String json) {
        world.workspace.write("paude.json", json);
        Cmd.Result r = world.paude.run(List.of("config", "trust", "--workspace", world.workspace.dir().toString()));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @When("the agent writes {string} with {string}")
    public void agentWrites(String path, String content) {
        Cmd.Result r = world.inAgent("printf '%s' '" + content + "' > " + path + " && cat " + path);
        assertThat(r.out()).as("%s", r).contains(content);
    }

    @Then("paude warned that {string} appeared during the session and was not masked")
    public void warnedLate(String path) {
        assertThat(world.launched.err()).contains("warning").contains(path).contains("NOT masked");
    }

    @Then("paude warned {string}")
    public void warned(String text) {
        assertThat(world.launched.exit()).as("%s", world.launched).isZero();
        assertThat(world.launched.err()).contains("paude: warning:").contains(text);
    }

    @Then("the error names {string}")
    public void errorNames(String text) {
        assertThat(world.launched.err()).contains(text);
    }

    @Then("the error does not hold {string}")
    public void errorDoesNotHold(String text) {
        assertThat(world.launched.err()).isNotBlank().doesNotContain(text);
    }

    @Then("the output names {string}")
    public void outputNames(String text) {
        assertThat(world.launched.out()).contains(text);
    }

    @Then("the output does not hold {string}")
    public void outputDoesNotHold(String text) {
        assertThat(world.launched.out()).isNotBlank().doesNotContain(text);
        assertThat(world.launched.err()).doesNotContain(text);
    }

    @Given("the workspace is a git repository that tracks {string}")
    public void gitTracks(String path) throws IOException {
        Path global = Files.createTempFile("paude-test-git", ".config");
        Files.writeString(global, "[safe]\n\tdirectory = *\n[user]\n\tname = test\n\temail = test@example.com\n");
        Map<String, String> env = Map.of("GIT_CONFIG_GLOBAL", global.toString(), "GIT_CONFIG_NOSYSTEM", "1", "PATH", System.getenv("PATH"));
        String ws = world.workspace.dir().toString();
        for (List<String> argv : List.of(List.of("git", "-C", ws, "init", "-q"), List.of("git", "-C", ws, "add", path),
                List.of("git", "-C", ws, "commit", "-q", "-m", "initial"))) {
            Cmd.Result r = Cmd.run(argv, env, Duration.ofSeconds(60));
            assertThat(r.exit()).as("%s", r).isZero();
        }
        Files.delete(global);
        world.workspace.chownToOwner();
    }

    @Then("the session record lists {string} under {string}")
    public void recordLists(String item, String key) throws IOException {
        JsonNode record = new ObjectMapper().readTree(world.sessionDir(world.session).resolve("secrets.json").toFile());
        List<String> values = new ArrayList<>();
        record.path(key).forEach(n -> values.add(n.asText()));
        assertThat(values).as("%s", record).anyMatch(v -> v.contains(item));
    }

    @Given("paude's environment holds {string} = {string}")
    public void launcherEnv(String name, String value) {
        world.paude.env(name, value);
    }

    @Then("the agent's \\/proc\\/1\\/environ and \\/proc\\/self\\/environ do not hold {string}")
    public void environClean(String value) {
        Cmd.Result self = world.inAgent("cat /proc/self/environ | tr '\\0' '\\n'");
        assertThat(self.exit()).as("%s", self).isZero();
        assertThat(self.out()).as("the agent's own environment").contains("PAUDE_SESSION=").doesNotContain(value);
        assertThat(world.initEnviron()).as("PID 1's environment").contains("PAUDE_SESSION=").doesNotContain(value);
    }

    @Then("the engine's inspect of the agent does not hold {string} and reports {string} read-only")
    public void inspectClean(String value, String target) {
        ContainerEvidence agent = world.refreshedAgent();
        assertThat(agent.raw()).contains(target).doesNotContain(value);
        assertThat(agent.mountAt(target).rw()).as("%s writable", target).isFalse();
    }

    @Then("no file in the session's directory holds {string}")
    public void sessionDirClean(String value) throws IOException {
        Path dir = world.sessionDir(world.session);
        assertThat(dir.resolve("session.json")).exists();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!Files.isReadable(f)) { // the mask (mode 0000), which only root reads: empty holds nothing
                    assertThat(Files.size(f)).as("the unreadable %s", f).isZero();
                    continue;
                }
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(value);
            }
        }
    }

    @When("the user runs paude secrets scan")
    public void scan() {
        world.runPaude(List.of("secrets", "scan", "--workspace", world.workspace.dir().toString()));
    }

    @When("the user runs paude secrets scan with {string}")
    public void scanWith(String flag) {
        world.runPaude(List.of("secrets", "scan", flag, "--workspace", world.workspace.dir().toString()));
    }

    @Then("the scan read {int} files and took the rest from its cache")
    public void scanReadCached(int read) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(world.launched.out());
        assertThat(doc.path("filesRead").asInt()).as("%s", doc).isEqualTo(read);
        assertThat(doc.path("filesCached").asInt()).as("%s", doc).isPositive();
    }

    @Then("the scan read {int} file")
    public void scanRead(int read) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(world.launched.out());
        assertThat(doc.path("filesRead").asInt()).as("%s", doc).isEqualTo(read);
    }

    @When("{string} is changed to {string} keeping its modification time")
    public void changeKeepingTime(String path, String content) throws IOException {
        Path f = world.workspace.dir().resolve(path);
        FileTime before = Files.getLastModifiedTime(f);
        assertThat(Files.size(f)).as("same size, so only ctime can tell").isEqualTo(content.length());
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, before);
    }

    @When("the user runs paude secrets gitignore")
    public void gitignore() {
        world.runPaude(List.of("secrets", "gitignore", "--workspace", world.workspace.dir().toString()));
    }

    @When("the user runs paude secrets gitignore with {string}")
    public void gitignoreWith(String flag) {
        world.runPaude(List.of("secrets", "gitignore", flag, "--workspace", world.workspace.dir().toString()));
    }

    @Then("the workspace's .gitignore holds {string} and {string}")
    public void gitignoreHolds(String a, String b) throws IOException {
        List<String> lines = Files.readAllLines(world.workspace.dir().resolve(".gitignore"));
        assertThat(lines).contains(a, b);
    }
}
