package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/** The pre-flight secret scan ({@code paude secrets scan}), its cache, and {@code paude secrets gitignore}. */
public class SecretScanSteps {
    private final World world;

    public SecretScanSteps(World world) {
        this.world = world;
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

    /** {@code paude secrets COMMAND FLAGS --workspace WS}. */
    private void secrets(String command, String... flags) {
        List<String> args = new ArrayList<>(List.of("secrets", command));
        args.addAll(List.of(flags));
        args.addAll(List.of("--workspace", world.workspace.dir().toString()));
        world.runPaude(args);
    }

    @When("the user runs paude secrets scan")
    public void scan() {
        secrets("scan");
    }

    @When("the user runs paude secrets scan with {string}")
    public void scanWith(String flag) {
        secrets("scan", flag);
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
        secrets("gitignore");
    }

    @When("the user runs paude secrets gitignore with {string}")
    public void gitignoreWith(String flag) {
        secrets("gitignore", flag);
    }

    @Then("the workspace's .gitignore holds {string} and {string}")
    public void gitignoreHolds(String a, String b) throws IOException {
        List<String> lines = Files.readAllLines(world.workspace.dir().resolve(".gitignore"));
        assertThat(lines).contains(a, b);
    }
}
