package io.paude.steps.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's audit timeline as {@code paude audit --json} prints it and audit.jsonl holds it: one JSON object a
 * line. The one reader of it in the suite; the World runs {@code paude audit} ({@code auditEvents}, {@code auditExecs}).
 */
public final class Timeline {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Timeline() {
    }

    /** One line of the timeline, which must be a JSON object. */
    public static JsonNode event(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) {
                throw new AssertionError("not a JSON object: " + line);
            }
            return n;
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    public static List<JsonNode> events(String lines) {
        return lines.lines().map(Timeline::event).toList();
    }

    /** The recorded program starts among {@code events}. */
    public static List<JsonNode> execs(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asText().equals("exec")).toList();
    }

    /** An audited exec's argv as one line. */
    public static String argv(JsonNode exec) {
        List<String> a = new ArrayList<>();
        exec.path("argv").forEach(x -> a.add(x.asText()));
        return String.join(" ", a);
    }
}
