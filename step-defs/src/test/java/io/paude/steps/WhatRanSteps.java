package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.But;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The audit records what the kernel executed (docs/audit.md, "What the record guarantees"): an exec raced by a
 * second thread, calls that would make such races easy, a daemon watching for {@code paude exec}'s processes, and a
 * flood meant to push earlier records out.
 */
public class WhatRanSteps {
    /**
     * Forks N children; each execs DIR/D (a copy of /bin/true: the decoy) with the argument DIR/hits/D-I, while a
     * second thread flips one byte of the path and one of the argument between D and R (DIR/R is a copy of mkdir:
     * the payload, whose run leaves DIR/hits/X-I). The exec is held while the recorder reads; the kernel reads again
     * after: the two reads see different bytes about half the time.
     */
    private static final String RACER = """
            import ctypes, os, sys, threading
            libc = ctypes.CDLL(None, use_errno=True)
            base, n = sys.argv[1].encode(), int(sys.argv[2])
            for i in range(n):
                pid = os.fork()
                if pid == 0:
                    path = ctypes.create_string_buffer(base + b'/D')
                    a0 = ctypes.create_string_buffer(b'run')
                    a1 = ctypes.create_string_buffer(base + b'/hits/D-%d' % i)
                    argv = (ctypes.c_void_p * 3)(ctypes.addressof(a0), ctypes.addressof(a1), None)
                    envp = (ctypes.c_void_p * 1)(None)
                    p = ctypes.c_char.from_address(ctypes.addressof(path) + len(base) + 1)
                    a = ctypes.c_char.from_address(ctypes.addressof(a1) + len(base) + 6)
                    def flip():
                        while True:
                            p.value = b'R'; a.value = b'R'
                            p.value = b'D'; a.value = b'D'
                    threading.Thread(target=flip, daemon=True).start()
                    libc.execve(ctypes.c_void_p(ctypes.addressof(path)), argv, envp)
                    os._exit(127)
                os.waitpid(pid, 0)
            print('raced', n)
            """;
    /** ptrace and process_vm_writev on a child of its own, process_vm_readv of the same bytes as the control. */
    private static final String CALLS = """
            import ctypes, os, time
            libc = ctypes.CDLL(None, use_errno=True)
            libc.process_vm_readv.restype = libc.process_vm_writev.restype = libc.ptrace.restype = ctypes.c_long
            class iovec(ctypes.Structure):
                _fields_ = [('base', ctypes.c_void_p), ('len', ctypes.c_size_t)]
            buf = ctypes.create_string_buffer(b'marker-memory-1234')
            pid = os.fork()
            if pid == 0:
                time.sleep(30); os._exit(0)
            def call(name, f):
                r = f(); e = ctypes.get_errno()
                print(name, 'rc=%d' % r, os.strerror(e) if r < 0 else 'ok')
            remote = iovec(ctypes.addressof(buf), 18)
            got = ctypes.create_string_buffer(18)
            call('process_vm_readv', lambda: libc.process_vm_readv(pid, ctypes.byref(iovec(ctypes.addressof(got), 18)), 1, ctypes.byref(remote), 1, 0))
            print('read', got.raw.decode())
            new = ctypes.create_string_buffer(b'forged-memory-0000')
            call('process_vm_writev', lambda: libc.process_vm_writev(pid, ctypes.byref(iovec(ctypes.addressof(new), 18)), 1, ctypes.byref(remote), 1, 0))
            call('ptrace-attach', lambda: libc.ptrace(16, pid, None, None))
            call('ptrace-seize', lambda: libc.ptrace(0x4206, pid, None, None))
            call('ptrace-traceme', lambda: libc.ptrace(0, 0, None, None))
            os.kill(pid, 9)
            """;
    /**
     * A daemon of the agent's: for 90 s it looks for every new process of its uid (the processes of each
     * paude exec among them) and tries to seize it (ptrace) and to write into its memory (process_vm_writev).
     */
    private static final String WATCHER = """
            import ctypes, os, time
            libc = ctypes.CDLL(None, use_errno=True)
            libc.ptrace.restype = libc.process_vm_writev.restype = ctypes.c_long
            seen, me, end = set(), os.getpid(), time.time() + 90
            log = open('/tmp/watcher.log', 'a', buffering=1)
            while time.time() < end:
                for d in os.listdir('/proc'):
                    if not d.isdigit() or int(d) in seen or int(d) == me:
                        continue
                    pid = int(d); seen.add(pid)
                    try:
                        cmd = open('/proc/%d/cmdline' % pid, 'rb').read().replace(b'\\0', b' ').replace(b'\\n', b' ').decode(errors='replace')
                    except OSError:
                        cmd = '?'
                    r = libc.ptrace(0x4206, pid, None, None); e = ctypes.get_errno()
                    log.write('pid %d attach=%s cmd=%s\\n' % (pid, 'ok' if r == 0 else os.strerror(e), cmd))
                time.sleep(0.001)
            """;
    private static final Pattern HIT = Pattern.compile("/race/hits/([DR])-(\\d+)$");

    private final World world;
    private Cmd.Result result;
    private int floodBytes;

    public WhatRanSteps(World world) {
        this.world = world;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** What the record says ran: what the new process had where it differs from what was asked, else what was asked. */
    private static String ranProgram(JsonNode e) {
        return e.path("differs").asBoolean() ? e.path("ran_program").asText() : e.path("program").asText();
    }

    private static List<String> ranArgv(JsonNode e) {
        return strings(e.path("differs").asBoolean() ? e.path("ran_argv") : e.path("argv"));
    }

    private Path race() {
        return world.workspace.dir().resolve("race");
    }

    @When("the agent races {int} execs whose program and argument flip between a decoy and a payload while each exec is held")
    public void racer(int n) {
        String dir = race().toString();
        result = world.inAgent("mkdir -p " + dir + "/hits && cp /bin/true " + dir + "/D && cp /bin/mkdir " + dir + "/R && "
                + "python3 - " + dir + " " + n + " <<'PY'\n" + RACER + "PY\n");
        assertThat(result.exit()).as("%s", result).isZero();
        assertThat(result.out()).contains("raced " + n);
    }

    @Then("the payload ran, and each of its runs is recorded as a run of the payload with the arguments it had")
    public void everyPayloadRunRecorded() throws IOException {
        Set<String> hits = new TreeSet<>();
        try (Stream<Path> s = Files.list(race().resolve("hits"))) {
            s.forEach(p -> hits.add(p.getFileName().toString()));
        }
        assertThat(hits).as("directories the payload made (behaviour inside)").isNotEmpty();
        List<JsonNode> execs = world.auditExecs(world.session);
        String payload = race().resolve("R").toString();
        for (String hit : hits) {
            String arg = race().resolve("hits").resolve(hit).toString();
            assertThat(execs).as("the record of the payload run that made %s", hit)
                    .anySatisfy(e -> {
                        assertThat(ranProgram(e)).isEqualTo(payload);
                        assertThat(ranArgv(e)).containsExactly("run", arg);
                    });
        }
        // and never only the decoy: no record says the decoy ran for a run whose payload left its mark
        for (JsonNode e : execs) {
            List<String> a = ranArgv(e);
            Matcher m = a.size() == 2 ? HIT.matcher(a.get(1)) : null;
            if (m != null && m.find() && ranProgram(e).equals(race().resolve("D").toString())) {
                assertThat(hits).as("a run recorded as the decoy (%s) left a payload's mark", e).doesNotContain(m.group(1) + "-" + m.group(2));
            }
        }
    }

    @Then("some of those execs were asked as the decoy, and each of them is flagged with the payload as what ran")
    public void decoysFlagged() {
        String decoy = race().resolve("D").toString();
        String payload = race().resolve("R").toString();
        List<JsonNode> raced = world.auditExecs(world.session).stream()
                .filter(e -> e.path("program").asText().equals(decoy) && e.path("differs").asBoolean()).toList();
        assertThat(raced).as("execs the recorder read as the decoy that ran something else: the race was won")
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("ran_program").asText()).isIn(payload, decoy));
        assertThat(raced).anySatisfy(e -> assertThat(e.path("ran_program").asText()).isEqualTo(payload));
        Cmd.Result human = world.runPaude(List.of("audit", world.session, "--grep", "differs"));
        assertThat(human.out()).as("%s", human).contains("<-- RAN " + payload + ", not what was asked: " + decoy);
    }

    @When("the agent calls ptrace and process_vm_writev on a process of its own, and process_vm_readv on the same process")
    public void calls() {
        result = world.inAgent("python3 - <<'PY'\n" + CALLS + "PY\n");
        assertThat(result.exit()).as("%s", result).isZero();
    }

    @Then("ptrace and process_vm_writev fail with {string}")
    public void callsRefused(String reason) {
        assertThat(result.out()).as("%s", result).contains("process_vm_writev rc=-1 " + reason, "ptrace-attach rc=-1 " + reason,
                "ptrace-seize rc=-1 " + reason, "ptrace-traceme rc=-1 " + reason);
    }

    @But("process_vm_readv reads that process's memory")
    public void readvWorks() {
        assertThat(result.out()).as("%s", result).contains("process_vm_readv rc=18 ok", "read marker-memory-1234");
    }

    @Given("the agent left a daemon that tries to seize every new process of its user")
    public void watcher() throws InterruptedException {
        result = world.inAgent("cat > /tmp/watcher.py <<'PY'\n" + WATCHER + "PY\n"
                + "setsid python3 /tmp/watcher.py </dev/null >/dev/null 2>&1 & sleep 1; echo left");
        assertThat(result.out()).as("%s", result).contains("left");
    }

    @When("the user runs {int} commands {string} through paude exec")
    public void execs(int n, String pattern) {
        for (int i = 0; i < n; i++) {
            Cmd.Result r = world.inAgent(pattern.replace("N", Integer.toString(i)));
            assertThat(r.exit()).as("%s", r).isZero();
        }
    }

    @Then("each {string} of those {int} is in the audit log with exit code {int}")
    public void eachRecorded(String pattern, int n, int code) {
        List<JsonNode> execs = world.auditExecs(world.session);
        for (int i = 0; i < n; i++) {
            String argv = pattern.replace("N", Integer.toString(i));
            assertThat(execs).as("the record of %s", argv).anySatisfy(e -> {
                assertThat(String.join(" ", ranArgv(e))).isEqualTo(argv);
                assertThat(e.path("exit").asInt(-1)).isEqualTo(code);
                assertThat(e.has("differs")).isFalse();
            });
        }
    }

    @Then("the daemon saw the processes of those commands, and each of its attempts to seize one failed with {string}")
    public void watcherRefused(String reason) {
        Cmd.Result r = world.inAgent("cat /tmp/watcher.log");
        List<String> lines = r.out().lines().filter(l -> l.startsWith("pid ")).toList();
        assertThat(lines).as("what the daemon saw").anySatisfy(l -> assertThat(l).contains("exec-marker"));
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).contains("attach=" + reason));
    }

    @When("the agent is denied a request to {string} and runs {string}, then floods its record with {int} execs of a {int}-byte argument")
    public void flood(String url, String command, int n, int bytes) {
        floodBytes = bytes;
        world.fetch(world.session, url);
        result = world.inAgent(command + " && big=$(head -c " + bytes + " /dev/zero | tr '\\0' a) && i=0 && while [ $i -lt " + n
                + " ]; do /bin/echo \"$big-$i\" >/dev/null; i=$((i+1)); done");
        assertThat(result.exit()).as("%s", result).isZero();
    }

    @Then("paude audit still shows the denied request to {string} and {string}")
    public void stillShown(String host, String command) {
        Cmd.Result r = world.runPaude(List.of("audit", world.session));
        assertThat(r.out()).as("%s", r).containsPattern("DENIED .*" + Pattern.quote(host)).contains("$ " + command + "\n");
    }

    @Then("paude audit says how many execs the cap dropped and from when, after {string}")
    public void droppedShown(String command) {
        List<JsonNode> events = world.auditEvents(world.session);
        JsonNode d = events.stream().filter(e -> e.path("type").asText().equals("dropped")).findFirst().orElseThrow(
                () -> new AssertionError("no dropped event in " + events));
        assertThat(d.path("execs").asLong()).isPositive();
        JsonNode first = events.stream().filter(e -> String.join(" ", strings(e.path("argv"))).equals(command)).findFirst().orElseThrow();
        assertThat(d.path("from").asText()).isGreaterThanOrEqualTo(first.path("time").asText());
        assertThat(d.path("to").asText()).isGreaterThanOrEqualTo(d.path("from").asText());
        Cmd.Result human = world.runPaude(List.of("audit", world.session));
        assertThat(human.out()).contains("DROPPED   " + d.path("execs").asLong() + " execs of stream ");
    }

    @Then("the flood's exec {int} is gone, and its newest, exec {int}, keeps the first {int} bytes of its argument, its length and its SHA-256")
    public void newestKept(int gone, int newest, int kept) throws Exception {
        List<JsonNode> execs = world.auditExecs(world.session);
        String goneDigest = sha256("a".repeat(floodBytes) + "-" + gone);
        assertThat(execs).as("the flood's exec %d, pushed out by the cap", gone)
                .noneSatisfy(e -> assertThat(e.path("long").toString()).contains(goneDigest));
        String whole = "a".repeat(floodBytes) + "-" + newest;
        String digest = sha256(whole);
        JsonNode e = execs.stream().filter(x -> x.path("long").size() == 1 && x.path("long").get(0).path("length").asInt() == whole.length()
                && x.path("long").get(0).path("sha256").asText().equals(digest)).findFirst().orElseThrow(
                () -> new AssertionError("no record of the newest flood exec with its whole length and digest"));
        assertThat(strings(e.path("argv")).get(1)).isEqualTo(whole.substring(0, kept));
        assertThat(e.path("long").get(0).path("arg").asInt()).isEqualTo(1);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
