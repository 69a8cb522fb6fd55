package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets the agent needs arrive as read-only files (--secret), never as environment, and nowhere else. */
public class SecretFileSteps {
    private final World world;

    public SecretFileSteps(World world) {
        this.world = world;
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
