package io.paude.steps.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;

/**
 * The model of the test internet (images/fixtures/model): a stand-in for the Anthropic Messages API under the
 * real API's names, plain HTTP on 80 and TLS from its own test CA on 443. A scenario hands it the turns it plays
 * ({@link Script}) through the engine, never over the network the agent can reach, and reads back every request
 * the agent sent: path, headers and body, the tool results included.
 */
public final class ScriptedModel {
    /** The names it answers for: the Anthropic API and one Vertex AI region. */
    public static final List<String> NAMES = List.of("api.anthropic.com", "us-east5-aiplatform.googleapis.com");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GenericContainer<?> container;
    private final String caPem;

    private ScriptedModel(GenericContainer<?> container, String caPem) {
        this.container = container;
        this.caPem = caPem;
    }

    static ScriptedModel start(Network network) {
        GenericContainer<?> c = TestInternet.fixture(network, TestImages.FIXTURE_MODEL, "fixture-model", "fixture-model")
                .withNetworkAliases(NAMES.toArray(String[]::new));
        c.start();
        return new ScriptedModel(c, exec(c, "cat", "/fixture/ca.pem").getStdout());
    }

    /** The PEM of the test CA that signed the fixture's certificate. */
    public String caPem() {
        return caPem;
    }

    /** Makes {@code script} the turns the model plays, and forgets the requests of earlier scenarios. */
    public void play(Script script) {
        container.copyFileToContainer(Transferable.of(script.json()), "/fixture/script.json");
        exec(container, "sh", "-c", ": > /fixture/requests.jsonl");
    }

    /** Every request recorded since the last {@link #play}, in order of arrival. */
    public List<JsonNode> requests() {
        List<JsonNode> all = new ArrayList<>();
        for (String line : exec(container, "cat", "/fixture/requests.jsonl").getStdout().split("\n")) {
            if (!line.isBlank()) {
                try {
                    all.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("the model fixture recorded a line that is not JSON: " + line, e);
                }
            }
        }
        return all;
    }

    /**
     * The requests for a model turn ({@code POST /v1/messages} or Vertex AI's {@code :streamRawPredict} and
     * {@code :rawPredict}, with tools), in order of arrival.
     */
    public List<JsonNode> turnRequests() {
        return requests().stream().filter(r -> {
            String path = r.path("path").asText().split("\\?")[0];
            return (path.equals("/v1/messages") || path.endsWith(":streamRawPredict") || path.endsWith(":rawPredict"))
                    && r.path("body").path("tools").size() > 0;
        }).toList();
    }

    /**
     * The tool results the request for turn {@code turn} (1-based) carried for the script's call of the turn before
     * (the fixture numbers its calls {@code toolu_fixture_TURN_N}), wherever in the request's messages they are:
     * Claude Code may append a note after them.
     */
    /**
     * The one result of the script's call of turn {@code turn - 1} that the request for turn {@code turn} carried,
     * which must not be an error: what the tool gave the model.
     */
    public JsonNode toolResult(int turn, String tool) {
        List<JsonNode> results = toolResults(turn);
        assertThat(results).as("the result of its %s call in turn %d's request", tool, turn).hasSize(1);
        assertThat(results.get(0).path("is_error").asBoolean(false)).as("%s", results.get(0)).isFalse();
        return results.get(0);
    }

    public List<JsonNode> toolResults(int turn) {
        String callId = "toolu_fixture_" + (turn - 2) + "_1";
        List<JsonNode> results = new ArrayList<>();
        turnRequests().get(turn - 1).path("body").path("messages").forEach(m -> m.path("content").forEach(b -> {
            if (b.path("type").asText().equals("tool_result") && b.path("tool_use_id").asText().equals(callId)) {
                results.add(b);
            }
        }));
        return results;
    }

    private static Container.ExecResult exec(GenericContainer<?> c, String... argv) {
        try {
            Container.ExecResult r = c.execInContainer(argv);
            if (r.getExitCode() != 0) {
                throw new AssertionError("in the model fixture, " + List.of(argv) + " failed: " + r.getStderr());
            }
            return r;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run " + List.of(argv) + " in the model fixture", e);
        }
    }

    void close() {
        try {
            container.stop();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** The turns the model plays, one after another: tool calls, then a final answer. */
    public static final class Script {
        private final ArrayNode turns = JSON.createArrayNode();

        /** A turn that says {@code text} and calls the tool {@code name} with {@code input} (as JSON). */
        public Script tool(String text, String name, ObjectNode input) {
            ArrayNode turn = turns.addArray();
            turn.addObject().put("type", "text").put("text", text);
            turn.addObject().put("type", "tool_use").put("name", name).set("input", input);
            return this;
        }

        /** The final turn: text only, so the model's stop reason is end_turn. */
        public Script answer(String text) {
            turns.addArray().addObject().put("type", "text").put("text", text);
            return this;
        }

        public static ObjectNode input(String... keysAndValues) {
            ObjectNode o = JSON.createObjectNode();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                o.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return o;
        }

        public int size() {
            return turns.size();
        }

        byte[] json() {
            ObjectNode root = JSON.createObjectNode();
            root.set("turns", turns);
            return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
