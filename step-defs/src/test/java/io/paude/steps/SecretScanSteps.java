package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pre-flight secret scan ({@code paude secrets scan}), its cache and {@code paude secrets gitignore}, and what the
 * workspace may not configure of paude's checks: a scanner configuration planted for the scan, and settings of the
 * agent planted in the project's .claude/settings.json.
 */
public class SecretScanSteps {
    private static final String ALLOW_ALL = "[allowlist]\ndescription = \"everything\"\npaths = ['''.*''']\nregexes = ['''.*''']\n";
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
