package io.paude.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one stream of the recorder's raw lines (images/agent/paude-recorder.c: {@code exec}, {@code exit},
 * {@code end} and {@code error} objects, its rotated parts in order) into exec events. Pure: lines in, events out.
 * An exit names the exec it ends by id; a process that exec'd again marks its previous program {@code replaced}.
 */
public final class RecordConverter {
    /** Made on first use: the run's end checks the log without it, and a mapper costs a cold JVM tens of milliseconds. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }
    /** Linux signal numbers (x86_64 and aarch64 agree on these). */
    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
        "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    /** The recorder's optional flags of an exec, passed on when true (docs/audit.md). */
    private static final List<String> FLAGS = List.of("missing", "cut", "unreadable");

    private final String session;

    public RecordConverter(String session) {
        this.session = session;
    }

    /** Converts the lines of one stream; lines that are not the recorder's objects (a cut last line) are skipped. */
    public List<AuditEvent> convert(List<String> lines) {
        List<AuditEvent> events = new ArrayList<>();
        Map<Long, Map<String, Object>> byId = new HashMap<>();
        Map<Integer, Map<String, Object>> running = new HashMap<>();
        for (String line : lines) {
            JsonNode n = parse(line);
            if (n == null) {
                continue;
            }
            switch (n.path("ev").asText()) {
                case "exec" -> {
                    int pid = n.path("pid").asInt();
                    Map<String, Object> previous = running.get(pid);
                    if (previous != null) {
                        previous.put("replaced", true);
                    }
                    Map<String, Object> f = exec(n);
                    byId.put(n.path("id").asLong(), f);
                    running.put(pid, f);
                    events.add(new AuditEvent(time(n), AuditEvent.EXEC, f));
                }
                case "exit" -> {
                    Map<String, Object> f = byId.remove(n.path("id").asLong());
                    if (f != null) {
                        running.remove(n.path("pid").asInt(), f);
                        end(f, n);
                    }
                }
                default -> {
                }
            }
        }
        return events;
    }

    /**
     * True when the stream's last line is the recorder's own end: a recorder that died leaves a stream without it.
     * Read as paude-recorder writes it ({"ev":"end",...}, whole), without a JSON parser: this runs between the
     * agent's end and the sandbox's removal, where a cold parser would cost tens of milliseconds.
     */
    public static boolean isEnd(String line) {
        return line.startsWith("{\"ev\":\"end\"") && line.endsWith("}");
    }

    private Map<String, Object> exec(JsonNode n) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("session", session);
        f.put("pid", n.path("pid").asInt());
        f.put("ppid", n.path("ppid").asInt());
        f.put("program", n.path("prog").asText());
        List<String> argv = new ArrayList<>();
        n.path("argv").forEach(a -> argv.add(a.asText()));
        f.put("argv", argv);
        f.put("cwd", n.path("cwd").asText());
        f.put("user", n.path("uid").asInt() + ":" + n.path("gid").asInt());
        f.put("exit", null);
        f.put("signal", null);
        for (String flag : FLAGS) {
            if (n.path(flag).asBoolean()) {
                f.put(flag, true);
            }
        }
        return f;
    }

    private static void end(Map<String, Object> f, JsonNode n) {
        if (n.has("signal")) {
            int s = n.path("signal").asInt();
            f.put("signal", s > 0 && s < SIGNALS.length ? SIGNALS[s] : "SIG" + s);
        } else if (n.has("code")) {
            f.put("exit", n.path("code").asInt());
        }
    }

    private static Instant time(JsonNode n) {
        BigDecimal t = n.path("t").decimalValue();
        long seconds = t.longValue();
        return Instant.ofEpochSecond(seconds, t.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue());
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode n = Mapper.JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException cut) {
            return null;
        }
    }
}
