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
 * Turns one stream of the recorder's raw lines (images/agent/paude-recorder.c: {@code exec}, {@code ran},
 * {@code failed}, {@code exit}, {@code end} and {@code error} objects, its rotated parts in order) into exec events.
 * Pure: lines in, events out. An exit names the exec it ends by id; a process that exec'd again marks its previous
 * program {@code replaced}. A {@code ran} line is what the new process had once the exec succeeded (the file the
 * kernel runs and the arguments in its memory): where it is not what the caller asked (beyond a script run by its
 * interpreter), the exec gets {@code differs} with {@code ran_program} and {@code ran_argv}. A {@code failed} line
 * says the exec never ran.
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
        Map<Long, Map<String, Object>> all = new HashMap<>();
        Map<Long, JsonNode> asked = new HashMap<>();
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
                    asked.put(n.path("id").asLong(), n);
                    all.put(n.path("id").asLong(), f);
                    running.put(pid, f);
                    events.add(new AuditEvent(time(n), AuditEvent.EXEC, f));
                }
                case "ran" -> {
                    Map<String, Object> f = all.get(n.path("id").asLong());
                    JsonNode a = asked.remove(n.path("id").asLong());
                    if (f != null && a != null) {
                        ran(f, a, n);
                    }
                }
                case "failed" -> {
                    Map<String, Object> f = asked.remove(n.path("id").asLong()) == null ? null : all.get(n.path("id").asLong());
                    if (f != null) {
                        f.put("failed", true);
                    }
                }
                case "killed" -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("session", session);
                    f.put("pgrp", n.path("pgrp").asInt());
                    f.put("processes", n.path("procs").asInt());
                    f.put("why", "forks refused at the pids limit, where the session sat for " + n.path("refused_for_s").asInt() + " s: a fork bomb");
                    events.add(new AuditEvent(time(n), AuditEvent.KILLED, f));
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
        if (n.has("argc")) {
            f.put("argc", n.path("argc").asInt());
        }
        if (n.has("long")) {
            f.put("long", longs(n.path("long")));
        }
        return f;
    }

    /** Arguments longer than the record keeps: their index, whole length in bytes and SHA-256 of the whole. */
    private static List<Map<String, Object>> longs(JsonNode list) {
        List<Map<String, Object>> out = new ArrayList<>();
        list.forEach(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("arg", l.path("arg").asInt());
            m.put("length", l.path("len").asLong());
            m.put("sha256", l.path("sha256").asText());
            out.add(m);
        });
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(a -> out.add(a.asText()));
        return out;
    }

    /**
     * What the new process had after its exec against what its caller asked. The same file (by device and inode)
     * with the same arguments is what was asked; a script run by its interpreter (the kernel's #! rule: the
     * interpreter, its optional argument, the script's path, then the caller's arguments after argv[0]) records
     * the interpreter; anything else is a difference: the exec is flagged, with what ran.
     */
    static void ran(Map<String, Object> f, JsonNode asked, JsonNode ran) {
        List<String> askedArgv = strings(asked.path("argv"));
        List<String> ranArgv = strings(ran.path("argv"));
        boolean sameLongs = asked.path("long").equals(ran.path("long"));
        boolean same = ran.path("same").asBoolean() && askedArgv.equals(ranArgv) && sameLongs;
        if (same) {
            return;
        }
        int n = askedArgv.size();
        int at = ranArgv.size() - n;
        boolean script = !ran.path("same").asBoolean() && sameLongs && n >= 1 && at >= 1
                && ranArgv.get(at).equals(asked.path("prog").asText())
                && ranArgv.subList(at + 1, ranArgv.size()).equals(askedArgv.subList(1, n));
        if (script) {
            f.put("interpreter", ran.path("prog").asText());
            return;
        }
        f.put("differs", true);
        f.put("ran_program", ran.path("prog").asText());
        f.put("ran_argv", ranArgv);
        if (ran.has("long")) {
            f.put("ran_long", longs(ran.path("long")));
        }
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
        return instant(n.path("t").decimalValue());
    }

    /** A recorder's time (seconds since the epoch, microseconds after the point) as an instant. */
    static Instant instant(String seconds) {
        return instant(new BigDecimal(seconds));
    }

    private static Instant instant(BigDecimal t) {
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
