package io.paude.steps;

import static io.paude.steps.support.ControlText.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ControlText;
import io.paude.steps.support.SandboxStart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The agent plants control characters in what paude will print (argv, directories, URLs, file and plugin names,
 * paude.json); the user runs paude's commands, and what reaches their terminal is checked byte for byte. The
 * feature writes planted text in the notation paude prints it in ({@link ControlText}).
 */
public class TerminalSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final World world;
    /** What the agent planted, in the notation: the user must see each as written, and the record hold it raw. */
    private final List<String> planted = new ArrayList<>();
    private List<Map<String, String>> requests = List.of();
    private final List<String> answers = new ArrayList<>();
    private Cmd.Bytes printed;

    public TerminalSteps(World world) {
        this.world = world;
    }

    // --- what the agent plants -------------------------------------------------------------------------------

    /** A command in the agent, its arguments passed as they are (raw), through the engine's exec. */
    private Cmd.Result agent(String... command) {
        List<String> args = new ArrayList<>(List.of("exec", world.session, "--"));
        args.addAll(List.of(command));
        world.agent = world.paude.run(args);
        return world.agent;
    }

    @When("the agent runs \\/bin\\/echo in the directory {string} with these arguments:")
    public void agentEchoes(String dir, DataTable table) {
        // Cucumber reads \n in a table cell as a line break: back to the notation, which raw() reads again
        List<String> arguments = table.asMaps().stream().map(r -> r.get("argument").replace("\n", "\\n")).toList();
        planted.add(dir);
        planted.addAll(arguments);
        List<String> command = new ArrayList<>(List.of("sh", "-c", "mkdir -p \"$1\" && cd \"$1\" && shift && exec /bin/echo \"$@\"",
                "sh", raw(dir)));
        arguments.forEach(a -> command.add(raw(a)));
        Cmd.Result r = agent(command.toArray(String[]::new));
        assertThat(r.exit()).as("%s", ControlText.visible(r.toString())).isZero();
    }

    @When("the agent sends the proxy a GET request for each of these URLs:")
    public void agentSendsRequests(DataTable table) throws IOException {
        requests = table.asMaps();
        for (int i = 0; i < requests.size(); i++) {
            planted.add(requests.get(i).get("url"));
            String request = "GET " + raw(requests.get(i).get("url")) + " HTTP/1.1\r\nHost: evil.com\r\nConnection: close\r\n\r\n";
            // the proxy's first line of answer goes to a file of the workspace, read here on the host
            Path answer = world.workspace.dir().resolve(".answer-" + i);
            // one send of the whole request (squid answers a bad request line at once and closes: a shell writing in
            // pieces could meet the closed socket and die of SIGPIPE), then the first line of the answer
            Cmd.Result r = agent("python3", "-c", "import os, socket, sys\n"
                    + "h, port = os.environ['HTTP_PROXY'].split('//', 1)[1].rstrip('/').rsplit(':', 1)\n"
                    + "s = socket.create_connection((h, int(port)), 10)\n"
                    + "s.sendall(os.fsencode(sys.argv[1]))\n"
                    + "open(sys.argv[2], 'wb').write(s.makefile('rb').readline())\n", request, answer.toString());
            assertThat(r.exit()).as("%s", ControlText.visible(r.toString())).isZero();
            answers.add(Files.readString(answer).strip() + "  (" + ControlText.visible(r.err()).strip() + ")");
        }
    }

    @When("the agent writes the file {string} holding {string}")
    public void agentWritesFile(String name, String content) {
        planted.add(name);
        Cmd.Result r = agent("sh", "-c", "printf '%s\\n' \"$2\" > \"$1\"", "sh", raw(name), raw(content));
        assertThat(r.exit()).as("%s", ControlText.visible(r.toString())).isZero();
    }

    @When("the agent makes the directory {string} in the workspace")
    public void agentMakesDirectory(String name) {
        planted.add(name);
        Cmd.Result r = agent("mkdir", "-p", raw(name));
        assertThat(r.exit()).as("%s", ControlText.visible(r.toString())).isZero();
    }

    @When("the agent adds the project slash command {string}")
    public void agentAddsCommand(String name) {
        planted.add("project:command:" + name);
        Cmd.Result r = agent("sh", "-c", "mkdir -p .claude/commands && printf 'Review the diff.\\n' > \".claude/commands/$1.md\"",
                "sh", raw(name));
        assertThat(r.exit()).as("%s", ControlText.visible(r.toString())).isZero();
    }

    @When("the agent adds the project MCP server {string} that starts {string}")
    public void agentAddsMcpServer(String name, String command) throws IOException {
        planted.add("project:mcp:" + name);
        planted.add("starts " + command);
        String[] argv = raw(command).split(" ");
        String file = JSON.writeValueAsString(Map.of("mcpServers", Map.of(raw(name), Map.of("command", argv[0],
                "args", Arrays.asList(argv).subList(1, argv.length)))));
        Cmd.Result r = agent("sh", "-c", "printf '%s\\n' \"$1\" > .mcp.json", "sh", file);
        assertThat(r.exit()).as("%s", ControlText.visible(r.toString())).isZero();
    }

    @When("the agent writes a paude.json in which a carriage return hides the line that allows {string}:")
    public void agentWritesHidingConfig(String host, String content) {
        assertThat(content).contains(host).contains("\\r");
        Cmd.Result r = agent("sh", "-c", "printf '%s\\n' \"$1\" > paude.json", "sh", raw(content));
        assertThat(r.exit()).as("%s", ControlText.visible(r.toString())).isZero();
    }

    // --- the evidence that the planted bytes are real ---------------------------------------------------------

    @Then("the workspace holds {string}, its name with the raw control characters")
    public void workspaceHolds(String name) throws IOException {
        Path file = world.workspace.dir().resolve(raw(name));
        assertThat(raw(name)).as("the notation stands for control characters").isNotEqualTo(name);
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .as("names in %s", ControlText.visible(file.getParent().toString()))
                    .contains(file.getFileName().toString());
        }
    }

    @Then("the workspace's paude.json is valid JSON that allows {string}, with its carriage return")
    public void configIsValid(String host) throws IOException {
        byte[] bytes = Files.readAllBytes(world.workspace.dir().resolve("paude.json"));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\r");
        assertThat(JSON.readTree(bytes).path("allowDomains").toString()).contains("\"" + host + "\"");
    }

    @Then("the proxy answered each request with the status in the table")
    public void proxyAnswered() {
        assertThat(answers).hasSameSizeAs(requests);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(answers.get(i)).as(ControlText.visible(requests.get(i).get("url")))
                    .startsWith("HTTP/1.1 " + requests.get(i).get("answer"));
        }
    }

    @Then("the proxy's log holds no control character, and logged each request as in the table")
    public void proxyLogged() {
        Path dir = world.sessionDir(world.session);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            // the proxy's log daemon writes the access log in rotated parts (proxy/AccessLog lists them in order)
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (Path part : io.paude.proxy.AccessLog.parts(dir)) {
                all.write(Files.readAllBytes(part));
            }
            String text = ControlText.assertNothingObeyed(all.toByteArray(), "the proxy's access log");
            for (Map<String, String> row : requests) {
                assertThat(text).contains(" GET " + row.get("logged as") + " " + row.get("answer") + " ");
            }
            long invalid = requests.stream().filter(r -> r.get("logged as").equals("error:invalid-request")).count();
            assertThat(text.lines().filter(l -> l.contains(" GET error:invalid-request 400 "))).hasSizeGreaterThanOrEqualTo((int) invalid);
        });
    }

    @When("the user starts a session in the workspace's directory {string} on their terminal")
    public void userStartsIn(String dir) {
        run(SandboxStart.args(world, List.of("start", "--agent", "shell"), world.workspace.dir().resolve(raw(dir))));
        assertThat(printed.exit()).as("%s", ControlText.visible(world.launched.toString())).isZero();
    }

    @Then("the session runs in that directory, its name with the raw control characters")
    public void sessionRunsThere() {
        Cmd.Result r = world.inAgent("pwd");
        String dir = planted.get(planted.size() - 1);
        assertThat(r.out().strip()).isEqualTo(world.workspace.dir().resolve(raw(dir)).toString()).isNotEqualTo(
                world.workspace.dir().resolve(dir).toString());
    }

    // --- what the user runs and sees -------------------------------------------------------------------------

    /**
     * {@code command} as the user types it, words split at spaces; SESSION, WORKSPACE and EGRESS stand for the
     * scenario's session, workspace and the test internet's network.
     */
    @When("the user runs {string} on their terminal")
    public void userRuns(String command) {
        run(Arrays.stream(command.replaceFirst("^paude ", "").split(" ")).map(w -> switch (w) {
            case "SESSION" -> world.session;
            case "WORKSPACE" -> world.workspace.dir().toString();
            case "EGRESS" -> world.internet().networkName();
            default -> w;
        }).toList());
    }

    private void run(List<String> args) {
        world.paude.env("LC_ALL", "C.UTF-8"); // a UTF-8 terminal, where a C1 control is the two bytes C2 xx
        printed = world.paude.runBytes(args);
        world.launched = printed.decoded();
        if (args.get(0).equals("start") && printed.exit() == 0) {
            world.session = world.launched.out().strip();
            world.sessions.add(world.session);
        }
    }

    @Then("paude printed no control character but its line breaks")
    public void printedNothingObeyed() {
        ControlText.assertNothingObeyed(printed.out(), "the stdout of paude " + String.join(" ", printedArgs()));
        ControlText.assertNothingObeyed(printed.err(), "the stderr of paude " + String.join(" ", printedArgs()));
    }

    @Then("paude printed {string}")
    public void printedText(String text) {
        assertThat(world.launched.both()).as(ControlText.visible(world.launched.both())).contains(text);
    }

    @Then("paude printed everything the agent planted, escaped as written above")
    public void printedPlanted() {
        assertThat(planted).isNotEmpty();
        String seen = world.launched.both();
        for (String p : planted) {
            assertThat(seen).as(ControlText.visible(seen)).contains(p);
        }
    }

    @Then("no line paude printed starts with {string}")
    public void noLineStartsWith(String text) {
        assertThat(world.launched.both().lines()).as("lines printed").noneMatch(l -> l.startsWith(text));
        assertThat(world.launched.both()).as("the text is there, inside a line").contains(text);
    }

    @Then("the JSON paude printed holds everything the agent planted, with its raw control characters")
    public void jsonHoldsPlanted() throws IOException {
        List<String> values = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = JSON.readerFor(JsonNode.class).readValues(printed.out())) {
            docs.forEachRemaining(d -> texts(d, values));
        }
        assertThat(planted).isNotEmpty();
        for (String p : planted) {
            assertThat(values).as("a JSON string holding %s raw", p).anyMatch(v -> v.contains(raw(p)));
        }
    }

    private static void texts(JsonNode n, List<String> into) {
        if (n.isTextual()) {
            into.add(n.asText());
        }
        n.elements().forEachRemaining(e -> texts(e, into));
        n.fieldNames().forEachRemaining(into::add);
    }

    private List<String> printedArgs() {
        List<String> argv = printed.argv();
        return argv.subList(Math.max(0, argv.size() - 6), argv.size()).stream().map(ControlText::visible).toList();
    }
}
