package io.paude.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the audit timeline: a program the agent started ({@link #EXEC}) or a request the proxy decided
 * ({@link #REQUEST}). Serialised as one JSON object per line, fields in a fixed order (docs/audit.md).
 */
public record AuditEvent(Instant time, String type, Map<String, Object> fields) {
    public static final String EXEC = "exec";
    public static final String REQUEST = "request";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The JSON object: time and type first, then the fields of the type. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", TIME.format(time));
        m.put("type", type);
        m.putAll(fields);
        return m;
    }

    public boolean failed() {
        if (EXEC.equals(type)) {
            Object exit = fields.get("exit");
            return fields.get("signal") != null || exit instanceof Integer i && i != 0;
        }
        return "denied".equals(fields.get("decision"));
    }
}
