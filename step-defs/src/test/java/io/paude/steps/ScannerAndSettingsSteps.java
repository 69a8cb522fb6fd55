package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steps about what the workspace may configure of paude's checks: a scanner configuration planted for the secrets
 * scan, and settings of the agent planted in the project's .claude/settings.json.
 */
public class ScannerAndSettingsSteps {
    private static final String ALLOW_ALL = "[allowlist]\ndescription = \"everything\"\npaths = ['''.*''']\nregexes = ['''.*''']\n";
    private final World world;

    public ScannerAndSettingsSteps(World world) {
        this.world = world;
    }

    @Given("the workspace holds a .gitleaks.toml and a .gitleaksignore that allowlist {string} line {int} for every rule")
    public void plantScannerConfig(String file, int line) {
        world.workspace.write(".gitleaks.toml", ALLOW_ALL);
        StringBuilder ignore = new StringBuilder();
        for (String rule : List.of("aws-access-token", "aws-access-key", "generic-api-key", "generic-assignment")) {
            ignore.append(file).append(':').append(rule).append(':').append(line).append('\n');
        }
        world.workspace.write(".gitleaksignore", ignore.toString());
    }

    /**
     * The plant is live: its ignore file names the very finding paude reported (file, rule, line), its configuration
     * allowlists every path; and gitleaks, where this host has it, run on the workspace with the workspace's own
     * configuration reports nothing, while without the planted files it finds the token.
     */
    @Then("the planted files name that very finding, and gitleaks run on the workspace as it is would report nothing")
    public void plantIsLive() throws IOException {
        Matcher m = Pattern.compile("(\\S+):(\\d+): (\\S+)").matcher(world.launched.err());
        assertThat(m.find()).as("a finding in %s", world.launched.err()).isTrue();
        String fingerprint = m.group(1) + ":" + m.group(3) + ":" + m.group(2);
        Path ws = world.workspace.dir();
        assertThat(Files.readAllLines(ws.resolve(".gitleaksignore"))).contains(fingerprint);
        assertThat(Files.readString(ws.resolve(".gitleaks.toml"))).contains("[allowlist]").contains("paths = ['''.*''']");
        Optional<Path> gitleaks = onPath("gitleaks");
        if (gitleaks.isPresent()) {
            assertThat(plainGitleaks(gitleaks.get(), ws)).as("gitleaks with the workspace's configuration").isEqualTo("[]");
            Path aside = Files.createTempDirectory("plant-");
            for (String f : List.of(".gitleaks.toml", ".gitleaksignore")) {
                Files.move(ws.resolve(f), aside.resolve(f));
            }
            try {
                assertThat(plainGitleaks(gitleaks.get(), ws)).as("gitleaks without the plant").contains(m.group(1));
            } finally {
                for (String f : List.of(".gitleaks.toml", ".gitleaksignore")) {
                    Files.move(aside.resolve(f), ws.resolve(f));
                }
            }
        }
    }

    private static String plainGitleaks(Path exe, Path ws) throws IOException {
        Path report = Files.createTempFile("gitleaks-", ".json");
        Map<String, String> env = Map.of("GITLEAKS_CONFIG", "", "GITLEAKS_CONFIG_TOML", ""); // empty counts as unset
        Cmd.Result r = Cmd.run(List.of("sh", "-c", "cd \"$0\" && \"$1\" dir . --no-banner --redact --exit-code 0 --report-format json"
                + " --report-path \"$2\" 2>&1 || \"$1\" detect --no-git --source . --no-banner --redact --exit-code 0 --report-format json"
                + " --report-path \"$2\"", ws.toString(), exe.toString(), report.toString()), env, Duration.ofMinutes(2));
        assertThat(r.exit()).as("%s", r).isZero();
        String out = Files.readString(report).strip();
        Files.delete(report);
        return out.equals("null") ? "[]" : out;
    }

    private static Optional<Path> onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Optional.of(Path.of(d, tool));
            }
        }
        return Optional.empty();
    }

    @When("the agent sets {string} in the project's .claude\\/settings.json")
    public void agentSets(String entry) {
        Cmd.Result r = world.inAgent("mkdir -p .claude && printf '%s' '{" + entry + "}' > .claude/settings.json && cat .claude/settings.json");
        assertThat(r.out()).as("%s", r).contains(entry);
    }
}
