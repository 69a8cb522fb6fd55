package io.paude.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paude.SafeJson;
import io.paude.SafeText;
import io.paude.proxy.AccessLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The audit timeline of one session directory: what the agent ran (the recorder's raw streams) and what it tried
 * to reach (the proxy's access log, in its rotated parts), converted to JSON lines. The raw files are written by root inside the container
 * and are the record; {@code audit.jsonl} is derived from them at session end and whenever it is asked for.
 */
public final class AuditLog {
    /** The host directory mounted at {@link Recorder#LOG_DIR}. */
    public static final String RAW_DIR = "audit-raw";
    public static final String JSONL = "audit.jsonl";
    /** The stream name of the proxy's access log in a "dropped" event. */
    public static final String PROXY_STREAM = "proxy";
    /** What the launcher itself noted during the session (one JSON event a line), in the 0700 session directory. */
    public static final String NOTICES = "notices.jsonl";
    /** Made on first use: the run's end checks the log without it, and a mapper costs a cold JVM tens of milliseconds. */
    private static final class Mapper {
        static final ObjectMapper JSON = SafeJson.on(new ObjectMapper());
    }
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Path dir;

    public AuditLog(Path sessionDir) {
        this.dir = sessionDir;
    }

    public Path dir() {
        return dir;
    }

    /** Every event of the session, oldest first. */
    public List<AuditEvent> events() {
        String session = dir.getFileName().toString();
        List<AuditEvent> all = new ArrayList<>();
        streams().forEach((stream, parts) -> {
            List<String> lines = new ArrayList<>();
            for (Path p : parts) {
                lines.addAll(read(p));
            }
            all.addAll(new RecordConverter(session).convert(lines));
            AuditEvent d = dropped(session, dir.resolve(RAW_DIR).resolve(stream + "." + Recorder.DROPPED), stream, "execs");
            if (d != null) {
                all.add(d);
            }
        });
        all.addAll(ProxyLogConverter.convert(session, AccessLog.lines(dir)));
        AuditEvent requests = dropped(session, dir.resolve(AccessLog.DIR).resolve(AccessLog.DROPPED), PROXY_STREAM, "requests");
        if (requests != null) {
            all.add(requests);
        }
        all.addAll(notices());
        all.sort(Comparator.comparing(AuditEvent::time));
        return all;
    }

    /**
     * What the cap of a log removed ({@link CapLedger}: "RECORDS FROM TO PARTS"), as one event at the time of the first
     * record removed, its records counted under {@code what} ("execs" of a recorded stream, "requests" of the proxy's
     * access log); null when nothing was.
     */
    AuditEvent dropped(String session, Path ledger, String stream, String what) {
        if (!Files.isRegularFile(ledger)) {
            return null;
        }
        String[] f = String.join(" ", read(ledger)).trim().split("\\s+");
        if (f.length != 4 || !f[0].matches("\\d+") || !f[1].matches("[0-9.]+") || !f[2].matches("[0-9.]+")) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", session);
        m.put("stream", stream);
        m.put(what, Long.parseLong(f[0]));
        m.put("from", AuditEvent.TIME.format(RecordConverter.instant(f[1])));
        m.put("to", AuditEvent.TIME.format(RecordConverter.instant(f[2])));
        m.put("parts", Integer.parseInt(f[3]));
        return new AuditEvent(RecordConverter.instant(f[1]), AuditEvent.DROPPED, m);
    }

    /** The launcher's own events ({@link #note}); a line it cannot parse is left out. */
    public List<AuditEvent> notices() {
        Path file = dir.resolve(NOTICES);
        List<AuditEvent> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : read(file)) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = Mapper.JSON.readValue(line, java.util.LinkedHashMap.class);
                Object time = m.remove("time");
                Object type = m.remove("type");
                out.add(new AuditEvent(java.time.Instant.parse(String.valueOf(time)), String.valueOf(type), m));
            } catch (IOException | RuntimeException torn) {
                // a line cut by a crash: the rest still counts
            }
        }
        return out;
    }

    /** Appends an event of the launcher's own to the session's timeline. */
    public void note(AuditEvent e) {
        try {
            Files.writeString(dir.resolve(NOTICES), json(e) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + dir.resolve(NOTICES), ex);
        }
    }

    /** Converts and writes {@code audit.jsonl}; returns its path. */
    public Path write() {
        Path out = dir.resolve(JSONL);
        try {
            Path tmp = dir.resolve(JSONL + ".tmp");
            Files.writeString(tmp, events().stream().map(AuditLog::json).collect(Collectors.joining("\n", "", "\n")),
                    StandardCharsets.UTF_8);
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    /**
     * True when the stream's recorder wrote the end of the process it started: a recorder that died leaves a
     * stream without it. Only the last bytes of the stream's newest part are read, so the launcher can ask at every
     * change of the raw directory while the agent works (session/ProxyWatch); a last line not yet ended by a line
     * break is not the end.
     */
    public boolean ended(String stream) {
        List<Path> parts = streams().get(stream);
        if (parts == null || parts.isEmpty()) {
            return false;
        }
        Path newest = parts.get(parts.size() - 1);
        try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(newest)) {
            long size = f.size();
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate((int) Math.min(size, 512));
            while (tail.hasRemaining() && f.read(tail, size - tail.capacity() + tail.position()) > 0) {
                // read to the end
            }
            String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
            if (!text.endsWith("\n")) {
                return false;
            }
            return RecordConverter.isEnd(text.substring(text.lastIndexOf('\n', text.length() - 2) + 1, text.length() - 1));
        } catch (java.nio.file.NoSuchFileException rotatedMeanwhile) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + newest, e);
        }
    }

    /** The raw parts of each stream, in order. */
    public Map<String, List<Path>> streams() {
        Map<String, List<Path>> s = new TreeMap<>();
        Path raw = dir.resolve(RAW_DIR);
        if (!Files.isDirectory(raw)) {
            return s;
        }
        try (Stream<Path> files = Files.list(raw)) {
            files.filter(p -> p.getFileName().toString().matches("[a-z0-9-]+\\.\\d+")).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                s.computeIfAbsent(name.substring(0, name.lastIndexOf('.')), k -> new ArrayList<>()).add(p);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    public static String json(AuditEvent e) {
        try {
            return Mapper.JSON.writeValueAsString(e.json());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * One readable line: time, what ran with its exit, or the request with the proxy's decision. The argv, working
     * directory, program and URL are the agent's: escaped ({@link SafeText}), a line break in them included, so no
     * part of the line can erase, rewrite or forge another.
     */
    public static String human(AuditEvent e) {
        Map<String, Object> f = e.fields();
        String t = SHORT.format(e.time());
        if (AuditEvent.UNMASKED.equals(e.type())) {
            return String.format("%s  %-9s %s   <-- %s", t, "UNMASKED", SafeText.of(String.valueOf(f.get("file"))), f.get("why"));
        }
        if (AuditEvent.KILLED.equals(e.type())) {
            return String.format("%s  %-9s %s processes of process group %s   <-- ended by the sandbox: %s", t, "KILLED",
                    f.get("processes"), f.get("pgrp"), f.get("why"));
        }
        if (AuditEvent.DROPPED.equals(e.type())) {
            String what = f.containsKey("requests") ? f.get("requests") + " requests of the proxy's access log"
                    : f.get("execs") + " execs of stream " + f.get("stream");
            return String.format("%s  %-9s %s, recorded from %s to %s, removed by the log's cap   <-- the start"
                    + " and the newest records are kept", t, "DROPPED", what, f.get("from"), f.get("to"));
        }
        if (AuditEvent.REQUEST.equals(e.type())) {
            boolean denied = e.failed();
            return SafeText.of(String.format("%s  %-9s %-5s %s %s", t, denied ? "DENIED" : "allowed", f.get("status"), f.get("method"),
                    f.get("url"))) + (denied ? "   <-- denied by the proxy" : "");
        }
        String end = Boolean.TRUE.equals(f.get("missing")) ? "no file"
                : Boolean.TRUE.equals(f.get("failed")) ? "failed"
                : f.get("signal") != null ? "killed " + f.get("signal")
                : f.get("exit") != null ? "exit " + f.get("exit")
                : Boolean.TRUE.equals(f.get("replaced")) ? "exec'd" : "running";
        boolean differs = Boolean.TRUE.equals(f.get("differs"));
        String asked = command(f.get("program"), f.get("argv"), f.get("long"));
        String cmd = differs ? command(f.get("ran_program"), f.get("ran_argv"), f.get("ran_long")) : asked;
        return SafeText.of(String.format("%s  %-9s pid %-6s %s$ %s", t, end, f.get("pid"), f.get("cwd"), cmd))
                + (differs ? "   <-- RAN " + SafeText.of(String.valueOf(f.get("ran_program"))) + ", not what was asked: "
                        + SafeText.of(String.valueOf(f.get("program")) + " " + asked) : "");
    }

    /** The command as one string; an argument the record cut is followed by its whole length and SHA-256. */
    @SuppressWarnings("unchecked")
    private static String command(Object program, Object argvObject, Object longObject) {
        List<String> argv = argvObject instanceof List<?> l ? new ArrayList<>((List<String>) l) : new ArrayList<>();
        if (longObject instanceof List<?> longs) {
            for (Object o : longs) {
                Map<String, Object> m = (Map<String, Object>) o;
                int k = ((Number) m.get("arg")).intValue();
                if (k < argv.size()) {
                    argv.set(k, argv.get(k) + "...[" + m.get("length") + " bytes, sha256 " + m.get("sha256") + "]");
                }
            }
        }
        return argv.isEmpty() ? String.valueOf(program) : String.join(" ", argv);
    }

    private static List<String> read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8).lines().toList();
        } catch (java.nio.file.NoSuchFileException rotatedMeanwhile) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
