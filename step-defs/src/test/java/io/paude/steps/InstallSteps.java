package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Installation;
import io.paude.steps.support.Suite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/** Steps about paude installed from its release archive (features/install.feature, docs/install.md). */
public class InstallSteps {
    private static final String SELECTS_NOTHING = "@no-scenario-has-this-tag";
    private final World world;
    private Installation installation;
    private Map<String, String> filesBefore;

    public InstallSteps(World world) {
        this.world = world;
    }

    @Given("paude installed from its release archive into a fresh directory outside the checkout, made read-only")
    public void installed() {
        installation = Installation.unpack();
        filesBefore = installation.files();
    }

    @After
    public void removeInstallation() {
        if (installation != null) {
            installation.close();
        }
    }

    @Then("the installation holds bin\\/paude, lib\\/paude.jar, lib\\/paude-verify.jar, the bash completion and the command pages")
    public void layout() throws IOException {
        Path dir = installation.dir();
        assertThat(dir.getFileName().toString()).matches("paude-\\d+\\.\\d+\\.\\d+.*");
        for (String exe : List.of("bin/paude", "install.sh")) {
            assertThat(dir.resolve(exe)).as(exe).isRegularFile().isExecutable();
        }
        for (String file : List.of("lib/paude.jar", "lib/paude-verify.jar", "README.md", "INSTALL",
                "share/doc/paude/install.md", "share/doc/paude/commands/paude-run.md", "share/doc/paude/commands/paude-verify.md")) {
            assertThat(dir.resolve(file)).as(file).isRegularFile();
        }
        assertThat(Files.readString(dir.resolve("share/bash-completion/completions/paude")))
                .as("the completion script 'paude completion' prints").contains("complete -F").contains("verify");
    }

    @Then("its lib\\/paude.jar is the launcher under test, with the agent and proxy image sources inside")
    public void launcherJar() throws IOException {
        Path jar = installation.dir().resolve("lib/paude.jar");
        assertThat(Files.mismatch(jar, Suite.jar())).as("lib/paude.jar differs from " + Suite.jar()).isEqualTo(-1L);
        assertThat(entries(jar)).contains("paude-images/agent/Dockerfile", "paude-images/proxy/Dockerfile");
    }

    @Then("its lib\\/paude-verify.jar carries the features and the fixture image sources the suite reads")
    public void suiteJar() throws IOException {
        List<String> entries = entries(installation.dir().resolve("lib/paude-verify.jar"));
        assertThat(entries).contains("features/install.feature", "features/baseline.feature",
                "paude-verify/images/fixtures/web/Dockerfile", "io/paude/steps/verify/VerifyMain.class");
    }

    @When("the user runs the installed {string}")
    public void runs(String command) {
        List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
        assertThat(args.remove(0)).isEqualTo("paude");
        world.launched = installation.paude(args, Duration.ofMinutes(2));
    }

    @When("the user runs the installed \"paude verify\" with a tag that selects no scenario")
    public void verifyNothing() {
        world.launched = installation.paude(List.of("verify", "--engine", System.getProperty("paude.engine", "docker"),
                "--tags", SELECTS_NOTHING), Duration.ofMinutes(5));
    }

    @Then("it exits with code {int} and prints {string}")
    public void exitsAndPrints(int code, String text) {
        assertThat(world.launched.exit()).as(world.launched.toString()).isEqualTo(code);
        assertThat(world.launched.both()).contains(text);
    }

    @Then("it exits with code 0 and prints the version the archive is named after")
    public void version() {
        assertThat(world.launched.exit()).as(world.launched.toString()).isZero();
        String dir = installation.dir().getFileName().toString();
        assertThat(world.launched.out().strip()).isEqualTo("paude " + dir.substring("paude-".length()));
    }

    @Then("its start-up cache is in the user's cache directory")
    public void cache() throws IOException {
        try (var files = Files.list(installation.userCache())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("the class-data archive bin/paude records at the first start").anyMatch(n -> n.endsWith(".jsa"));
        }
    }

    @Then("the installation is unchanged")
    public void unchanged() {
        assertThat(installation.files()).isEqualTo(filesBefore);
    }

    @Then("the guarantee suite of the installation ran against the installation's lib\\/paude.jar")
    public void suiteRan() {
        assertThat(world.launched.out()).as(world.launched.toString())
                .contains("paude verify: engine " + System.getProperty("paude.engine", "docker"))
                .contains("launcher " + installation.dir().resolve("lib/paude.jar"))
                .contains("scenarios " + SELECTS_NOTHING);
    }

    @When("the installation's lib\\/paude-verify.jar is removed")
    public void removeSuite() throws IOException {
        Path lib = installation.dir().resolve("lib");
        lib.toFile().setWritable(true, true);
        Files.delete(lib.resolve("paude-verify.jar"));
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(e -> e.getName()).toList();
        }
    }
}
