package io.paude.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the recorder's raw strace output (one stream, its rotated parts in order) into exec events. Pure: lines in,
 * events out. A process is identified by its thread-group id; its parent comes from the clone that made it, its
 * working directory from its parent's and its own chdir/fchdir calls.
 */
public final class TraceConverter {
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(\\d+)\\.(\\d+) (.*)$");
    private static final Pattern END = Pattern.compile("^\\+\\+\\+ (?:exited with (\\d+)|killed by (SIG\\w+)).*\\+\\+\\+$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)$");
    private static final Pattern CALL = Pattern.compile("^(\\w+)\\((.*)\\) += (.*)$");
    private static final String UNFINISHED = " <unfinished ...>";

    private final String session;
    private final String user;
    private final String initialCwd;

    private final Map<Integer, Integer> tgid = new HashMap<>();
    private final Map<Integer, Integer> parent = new HashMap<>();
    private final Map<Integer, String> cwd = new HashMap<>();
    private final Map<Integer, Map<String, Object>> lastExec = new HashMap<>();
    private final Map<Integer, List<String>> launching = new HashMap<>();
    private final List<AuditEvent> events = new ArrayList<>();

    /**
     * @param user       the agent's "uid:gid" (every process the agent starts runs as it: it cannot change uid)
     * @param initialCwd the working directory the recorded command started in
     */
    public TraceConverter(String session, String user, String initialCwd) {
        this.session = session;
        this.user = user;
        this.initialCwd = initialCwd;
    }

    /** Converts the lines of one stream. */
    public List<AuditEvent> convert(List<String> lines) {
        List<Call> calls = join(lines);
        for (Call c : calls) {
            apply(c);
        }
        return List.copyOf(events);
    }

    /** A system call or a process end, placed where it started (strace splits calls that interleave). */
    private static final class Call {
        final int pid;
        final Instant time;
        String text;
        boolean complete;

        Call(int pid, Instant time, String text, boolean complete) {
            this.pid = pid;
            this.time = time;
            this.text = text;
            this.complete = complete;
        }
    }

    private static List<Call> join(List<String> lines) {
        List<Call> calls = new ArrayList<>();
        Map<Integer, Call> open = new HashMap<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int pid = Integer.parseInt(m.group(1));
            String micros = (m.group(3) + "000000").substring(0, 6);
            Instant t = Instant.ofEpochSecond(Long.parseLong(m.group(2)), Long.parseLong(micros) * 1000);
            String body = m.group(4);
            Matcher r = RESUMED.matcher(body);
            if (r.matches()) {
                Call c = open.remove(pid);
                if (c != null) {
                    c.text = c.text + r.group(2);
                    c.complete = true;
                }
            } else if (body.endsWith(UNFINISHED)) {
                Call c = new Call(pid, t, body.substring(0, body.length() - UNFINISHED.length()), false);
                open.put(pid, c);
                calls.add(c);
            } else {
                calls.add(new Call(pid, t, body, true));
            }
        }
        return calls;
    }

    private int process(int pid) {
        return tgid.getOrDefault(pid, pid);
    }

    private String cwdOf(int proc) {
        return cwd.computeIfAbsent(proc, p -> parent.containsKey(p) ? null : initialCwd);
    }

    private void apply(Call c) {
        int proc = process(c.pid);
        Matcher end = END.matcher(c.text);
        if (end.matches()) {
            Map<String, Object> e = lastExec.get(c.pid);
            if (e != null && proc == c.pid) {
                e.put("exit", end.group(1) == null ? null : Integer.valueOf(end.group(1)));
                e.put("signal", end.group(2));
            }
            return;
        }
        if (!c.complete) {
            return;
        }
        Matcher call = CALL.matcher(c.text);
        if (!call.matches()) {
            return;
        }
        String name = call.group(1);
        String args = call.group(2);
        String result = call.group(3).strip();
        boolean ok = result.equals("0");
        switch (name) {
            case "clone", "clone3", "fork", "vfork" -> {
                if (result.matches("\\d+") && !result.equals("0")) {
                    int child = Integer.parseInt(result);
                    if (args.contains("CLONE_THREAD")) {
                        tgid.put(child, proc);
                    } else {
                        parent.put(child, proc);
                        cwd.put(child, cwdOf(proc));
                    }
                }
            }
            case "chdir" -> {
                if (ok) {
                    cwd.put(proc, resolve(cwdOf(proc), firstString(args)));
                }
            }
            case "fchdir" -> {
                int lt = args.indexOf('<');
                if (ok && lt >= 0 && args.endsWith(">")) {
                    cwd.put(proc, args.substring(lt + 1, args.length() - 1));
                }
            }
            case "execve", "execveat" -> {
                if (ok) {
                    exec(c, proc, name.equals("execveat") ? args.substring(args.indexOf(',') + 1).strip() : args);
                }
            }
            default -> {
            }
        }
    }

    private void exec(Call c, int proc, String args) {
        String program;
        List<String> argv;
        boolean decoded = args.startsWith("\"");
        if (decoded) {
            program = firstString(args);
            argv = array(args.substring(args.indexOf(',') + 1).strip());
        } else if (launching.containsKey(c.pid)) {
            // setpriv has just become the agent's user; the kernel no longer lets the recorder read this exec's
            // arguments, but setpriv's own, recorded while it was root, name the program exactly.
            argv = launching.remove(c.pid);
            program = argv.isEmpty() ? "?" : argv.get(0);
        } else {
            // The process made itself non-dumpable before exec: what it ran cannot be read, but that it ran is kept.
            program = "?";
            argv = List.of();
        }
        if (decoded && launching.isEmpty() && events.isEmpty() && lastExec.isEmpty() && program.endsWith("/setpriv")) {
            int dd = argv.indexOf("--");
            launching.put(c.pid, dd < 0 ? List.of() : List.copyOf(argv.subList(dd + 1, argv.size())));
            lastExec.put(c.pid, new LinkedHashMap<>());
            return;
        }
        Map<String, Object> previous = lastExec.get(c.pid);
        if (previous != null && !previous.isEmpty()) {
            previous.put("replaced", true);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("session", session);
        f.put("pid", proc);
        f.put("ppid", parent.get(proc));
        f.put("program", program);
        f.put("argv", argv);
        f.put("cwd", cwdOf(proc));
        f.put("user", user);
        f.put("exit", null);
        f.put("signal", null);
        if ("?".equals(program)) {
            f.put("unreadable", true);
        }
        lastExec.put(c.pid, f);
        events.add(new AuditEvent(c.time, AuditEvent.EXEC, f));
    }

    static String resolve(String base, String path) {
        if (path == null) {
            return base;
        }
        if (path.startsWith("/") || base == null) {
            return java.nio.file.Path.of(path).normalize().toString();
        }
        return java.nio.file.Path.of(base).resolve(path).normalize().toString();
    }

    /** The first C string literal of an argument list. */
    static String firstString(String args) {
        int[] pos = {0};
        return args.startsWith("\"") ? cString(args, pos) : null;
    }

    /** An strace array of strings: {@code ["a", "b"...]} (a trailing {@code ...} means it was cut). */
    static List<String> array(String s) {
        List<String> out = new ArrayList<>();
        if (!s.startsWith("[")) {
            return out;
        }
        int[] pos = {1};
        while (pos[0] < s.length()) {
            char ch = s.charAt(pos[0]);
            if (ch == '"') {
                out.add(cString(s, pos));
            } else if (ch == ']') {
                break;
            } else {
                pos[0]++;
            }
        }
        return out;
    }

    /** Reads a C string literal starting at pos (at the quote); leaves pos after it. Bytes are decoded as UTF-8. */
    static String cString(String s, int[] pos) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int i = pos[0] + 1;
        while (i < s.length() && s.charAt(i) != '"') {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                i += 2;
                switch (n) {
                    case 'n' -> b.write('\n');
                    case 't' -> b.write('\t');
                    case 'r' -> b.write('\r');
                    case 'v' -> b.write(11);
                    case 'f' -> b.write('\f');
                    case 'x' -> {
                        int j = i;
                        while (j < s.length() && j < i + 2 && Character.digit(s.charAt(j), 16) >= 0) {
                            j++;
                        }
                        b.write(Integer.parseInt(s.substring(i, j), 16));
                        i = j;
                    }
                    default -> {
                        if (n >= '0' && n <= '7') {
                            int j = i - 1;
                            int k = j;
                            while (k < s.length() && k < j + 3 && s.charAt(k) >= '0' && s.charAt(k) <= '7') {
                                k++;
                            }
                            b.write(Integer.parseInt(s.substring(j, k), 8));
                            i = k;
                        } else {
                            b.write(n);
                        }
                    }
                }
            } else {
                byte[] u = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                b.write(u, 0, u.length);
                i++;
            }
        }
        pos[0] = i + 1;
        if (s.startsWith("...", pos[0])) {
            pos[0] += 3;
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
