package io.paude.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.paude.policy.PolicyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The agent's JSON files as {@link PluginScanner} reads them, and the canonical form their definitions are digested in. */
final class AgentJson {
    /** Loaded only when there is JSON to read: most starts have none, and Jackson is kept off the start-up path. */
    private static final class Mappers {
        static final ObjectMapper JSON = new ObjectMapper();
        static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    private AgentJson() {
    }

    /** The file's JSON, or null when there is no such file. */
    static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Mappers.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new PolicyException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""),
                    "fix the JSON (the agent could not read it either)");
        }
    }

    static Iterable<JsonNode> iterable(JsonNode n) {
        return n.isArray() ? n : List.of();
    }

    static List<String> strings(JsonNode array) {
        List<String> s = new ArrayList<>();
        iterable(array).forEach(n -> s.add(n.asText()));
        return s;
    }

    static String canonical(Object value) {
        try {
            return Mappers.CANONICAL.writeValueAsString(Mappers.CANONICAL.convertValue(value, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
