package io.paude.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the audit timeline: a program the agent started ({@link #EXEC}), a request the proxy decided
 * ({@link #REQUEST}), or a secret file whose mask the launcher saw gone ({@link #UNMASKED}). Serialised as one JSON object per line, fields in a fixed order (docs/audit.md).
 */
public record AuditEvent(Instant time, String type, Map<String, Object> fields) {
    public static final String EXEC = "exec";
    public static final String REQUEST = "request";
    /** A masked secret file replaced on the host during the session, so its mask is gone (io.paude.secrets.MaskCheck). */
    public static final String UNMASKED = "unmasked";
    /** Records of a stream its cap removed: how many execs, from when to when (only the newest and the start stay). */
    public static final String DROPPED = "dropped";
    /** A process group the sandbox killed: it held the session at its pids limit (a fork bomb). */
    public static final String KILLED = "killed";
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
        if (UNMASKED.equals(type) || DROPPED.equals(type) || KILLED.equals(type)) {
            return true;
        }
        if (EXEC.equals(type)) {
            Object exit = fields.get("exit");
            return fields.get("signal") != null || exit instanceof Integer i && i != 0
                    || Boolean.TRUE.equals(fields.get("differs"));
        }
        return "denied".equals(fields.get("decision"));
    }
}
