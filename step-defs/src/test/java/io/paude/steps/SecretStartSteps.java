package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.SandboxStart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Secrets at a session's start: a start on a workspace with secrets in it is refused (a tracked secret, a scan
 * finding) with what the error and the output name and never print, or started anyway, warned and recorded in the
 * session; and the secrets the agent needs arrive as read-only files (--secret), never as environment, and nowhere
 * else.
 */
public class SecretStartSteps {
    private final World world;

    public SecretStartSteps(World world) {
        this.world = world;
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

    private void userStartsWith(String... flags) {
        world.workspace.write(World.CA_FILE, world.internet().caPem());
        SandboxStart.attempt(world, List.of(flags));
    }

    @Then("the workspace holds no {string}: the agent's command never ran")
    public void holdsNo(String file) {
        assertThat(world.workspace.dir().resolve(file)).as("%s", world.launched).doesNotExist();
    }

    @Then("the workspace holds {string}")
    public void holdsFile(String file) {
        assertThat(world.workspace.dir().resolve(file)).as("%s", world.launched).exists();
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
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(value);
            }
        }
    }
}
