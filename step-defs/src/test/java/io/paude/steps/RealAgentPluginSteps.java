package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.ScriptedModel.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Hooks under the real Claude Code (task 7): the hooks of the user's configuration that the trust gate lets through
 * run, and their output reaches the scripted model; the hooks Claude Code writes into its own configuration and the
 * workspace's stay where paude documents (the session's copy; the workspace, behind the gate at the next start).
 */
public class RealAgentPluginSteps {
    /** Where Claude Code finds the session's copy of its configuration inside the sandbox. */
    private static final String CONFIG_IN_SANDBOX = "/home/paude/.claude";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final World world;
    private final RealAgentSteps agent;
    /** The session directories that existed before the last run, so that the run's own is the one added. */
    private Set<String> sessionsBefore = Set.of();
    private String approvedHookOutput;

    public RealAgentPluginSteps(World world, RealAgentSteps agent) {
        this.world = world;
        this.agent = agent;
    }

    // --- the user's configuration and the script -------------------------------------------------------------

    @Given("the user's agent configuration holds a SessionStart hook that prints {string} and a PostToolUse hook whose script records each Bash call in the workspace's {string}")
    public void hooksWithScript(String output, String log) {
        approvedHookOutput = output;
        // a PostToolUse hook gets the call as JSON on its standard input; the script appends it to the log
        hostFile(".claude/hooks/record.sh", "#!/bin/sh\n# appends what Claude Code hands a PostToolUse hook to the workspace's log\n"
                + "cat >> \"$CLAUDE_PROJECT_DIR/" + log + "\"\necho >> \"$CLAUDE_PROJECT_DIR/" + log + "\"\n", true);
        hostFile(".claude/settings.json", settings(List.of(sessionStart(output), postToolUse("Bash", "~/.claude/hooks/record.sh"))), false);
    }

    @Given("the user's agent configuration holds a SessionStart hook that prints {string}")
    public void sessionStartHook(String output) {
        approvedHookOutput = output;
        hostFile(".claude/settings.json", settings(List.of(sessionStart(output))), false);
    }

    @Given("a scripted model that runs {string}, then {string}, and answers {string}")
    public void twoCommands(String first, String second, String answer) {
        world.model().play(new Script()
                .tool("Running the first command.", "Bash", Script.input("command", first, "description", "First"))
                .tool("Reading the hook's log.", "Bash", Script.input("command", second, "description", "Second"))
                .answer(answer));
    }

    @Given("a scripted model that has Claude Code write a SessionStart hook printing {string} into its own settings and one printing {string} into the workspace's, and answers {string}")
    public void plantHooks(String userOutput, String projectOutput, String answer) {
        // its own settings: the user's approved hook kept, the planted one added; the workspace's: a new file
        String own = settings(List.of(sessionStart(approvedHookOutput), sessionStart(userOutput)));
        String project = settings(List.of(sessionStart(projectOutput)));
        String projectFile = world.workspace.dir().resolve(".claude/settings.json").toString();
        world.model().play(new Script()
                .tool("Adding a hook to my settings.", "Write", Script.input("file_path", CONFIG_IN_SANDBOX + "/settings.json", "content", own))
                .tool("Adding a hook to the project's settings.", "Write", Script.input("file_path", projectFile, "content", project))
                .answer(answer));
    }

    // --- runs ----------------------------------------------------------------------------------------------------

    @When("Claude Code of the next session runs {string} and the model answers {string}")
    public void nextSession(String prompt, String answer) {
        world.model().play(new Script().answer(answer));
        world.containersBefore = world.paudeContainers();
        sessionsBefore = sessionNames();
        agent.runClaude(prompt, "api.anthropic.com", "https");
    }

    // --- what the model saw --------------------------------------------------------------------------------------

    @Then("the model's first request carried the SessionStart hook's output {string}")
    public void firstRequestCarried(String output) {
        List<JsonNode> turns = world.model().turnRequests();
        assertThat(turns).as("the requests for a model turn").isNotEmpty();
        // Claude Code adds it to the context as "SessionStart:startup hook success: OUTPUT"
        assertThat(turns.get(0).path("body").path("messages").toString()).as("the first turn's messages")
                .containsPattern("SessionStart[^\"]*" + Pattern.quote(output));
    }

    /**
     * Like the tool-result step of {@link RealAgentSteps}, but the result is looked for in every message of the request:
     * when a hook changes a file the call read, Claude Code appends a note about it after the tool results.
     */
    @Then("the model's turn {int} request carried, among its messages, the result of its {word} call, without error, holding {string}")
    public void toolResultAnywhere(int turn, String tool, String text) {
        assertThat(world.model().toolResult(turn, tool).path("content").toString()).contains(text);
    }

    @Then("no request to the model carried {string}")
    public void noRequestCarried(String text) {
        assertThat(world.model().requests()).as("the model's requests").isNotEmpty()
                .allSatisfy(r -> assertThat(r.toString()).doesNotContain(text));
    }

    @Then("the model was never asked")
    public void neverAsked() {
        assertThat(world.model().requests()).as("requests to the model").isEmpty();
    }

    // --- what the hooks did and where the agent's writes went ----------------------------------------------------

    @Then("the workspace's {string} on the host records Claude Code's PostToolUse of the Bash call {string}")
    public void hookLogRecords(String log, String command) throws IOException {
        Path file = world.workspace.dir().resolve(log);
        assertThat(file).as("the hook's log").exists();
        List<JsonNode> calls = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                calls.add(JSON.readTree(line));
            }
        }
        assertThat(calls).as("what the hook was handed, in %s", file).anySatisfy(c -> {
            assertThat(c.path("hook_event_name").asText()).isEqualTo("PostToolUse");
            assertThat(c.path("tool_name").asText()).isEqualTo("Bash");
            assertThat(c.path("tool_input").path("command").asText()).isEqualTo(command);
        });
    }

    @Then("the workspace holds no {string}")
    public void workspaceHoldsNo(String file) {
        assertThat(world.workspace.dir().resolve(file)).doesNotExist();
    }

    @Then("paude audit of the run lists the hook's script {string} run in the workspace")
    public void auditListsHook(String script) {
        List<JsonNode> execs = world.auditExecs(onlySession());
        assertThat(execs).as("the programs the audit recorded").anySatisfy(e -> {
            assertThat(e.path("argv").toString()).contains(script);
            assertThat(e.path("cwd").asText()).isEqualTo(world.workspace.dir().toString());
        });
    }

    @Then("the session's copy of the configuration holds the hook printing {string}")
    public void copyHolds(String output) throws IOException {
        Path copy = world.sessionDir(onlySession()).resolve("claude/settings.json");
        assertThat(hookCommands(copy)).as("the hooks of %s", copy).contains("echo " + output);
    }

    @Then("the workspace's {string} on the host holds the hook printing {string}")
    public void workspaceHolds(String file, String output) throws IOException {
        assertThat(hookCommands(world.workspace.dir().resolve(file))).contains("echo " + output);
    }

    @Then("the new session's copy of the configuration holds the user's hook but not {string}")
    public void newCopy(String output) throws IOException {
        Set<String> added = sessionNames();
        added.removeAll(sessionsBefore);
        assertThat(added).as("the session of the last run").hasSize(1);
        Path copy = world.sessionDir(added.iterator().next()).resolve("claude/settings.json");
        assertThat(hookCommands(copy)).as("the hooks of %s", copy).contains("echo " + approvedHookOutput)
                .doesNotContain("echo " + output);
    }

    @Then("the start refused no other plugin than {string}")
    public void refusedOnly(String name) {
        // "plugins of the agent that you have not approved: NAME (STATUS; can: ...), NAME (...)"
        Matcher m = Pattern.compile("([\\w:./@-]+) \\((?:not trusted|changed since trusted);").matcher(world.launched.err());
        List<String> refused = new ArrayList<>();
        while (m.find()) {
            refused.add(m.group(1));
        }
        assertThat(refused).as("the plugins the start refused, in %s", world.launched.err()).containsExactly(name);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private void hostFile(String relative, String content, boolean executable) {
        Path p = world.homeFile(relative, content);
        if (executable) {
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {"hooks": {EVENT: [group, ...]}} from {event, group} pairs. */
    private static String settings(List<ObjectNode> groups) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode hooks = root.putObject("hooks");
        for (ObjectNode g : groups) {
            String event = g.remove("event").asText();
            (hooks.has(event) ? (ArrayNode) hooks.get(event) : hooks.putArray(event)).add(g);
        }
        return root.toPrettyString() + "\n";
    }

    private static ObjectNode sessionStart(String output) {
        ObjectNode g = JSON.createObjectNode().put("event", "SessionStart");
        g.putArray("hooks").addObject().put("type", "command").put("command", "echo " + output);
        return g;
    }

    private static ObjectNode postToolUse(String matcher, String command) {
        ObjectNode g = JSON.createObjectNode().put("event", "PostToolUse").put("matcher", matcher);
        g.putArray("hooks").addObject().put("type", "command").put("command", command);
        return g;
    }

    /** The commands of every hook in a settings file. */
    private static List<String> hookCommands(Path settings) throws IOException {
        assertThat(settings).exists();
        List<String> commands = new ArrayList<>();
        JSON.readTree(settings.toFile()).path("hooks").forEach(groups -> groups.forEach(g ->
                g.path("hooks").forEach(h -> commands.add(h.path("command").asText()))));
        return commands;
    }

    private Set<String> sessionNames() {
        Path dir = world.paude.stateDir().resolve("sessions");
        if (!Files.isDirectory(dir)) {
            return new TreeSet<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String onlySession() {
        return world.onlySession();
    }

}
