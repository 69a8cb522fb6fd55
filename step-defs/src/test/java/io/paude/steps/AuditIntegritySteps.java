package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.AuditRecord;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import io.paude.steps.support.KernelView;
import io.paude.steps.support.RecorderEvidence;
import io.paude.steps.support.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Recording does not depend on the agent's cooperation, and its log stays whole and bounded: the agent can neither
 * kill nor trace the recorder, nor answer its own execs with a seccomp listener, and holds no privilege although the
 * recorder is root; it can neither read, alter nor delete the log (kept intact on the host); if the recorder dies
 * the session stops and says why, and the engine's stop ends the agent through the recorder; the raw log rotates at
 * its cap and old sessions' logs are pruned.
 */
public class AuditIntegritySteps {
    /** seccomp(SECCOMP_SET_MODE_FILTER, flags, {1, [RET ALLOW]}) from Python, flags 8 (NEW_LISTENER) then 0. */
    private static final String INSTALL_FILTERS = "python3 -c '\n"
            + "import ctypes, os, subprocess\n"
            + "libc = ctypes.CDLL(None, use_errno=True)\n"
            + "class F(ctypes.Structure): _fields_ = [(\"code\", ctypes.c_ushort), (\"jt\", ctypes.c_ubyte), (\"jf\", ctypes.c_ubyte), (\"k\", ctypes.c_uint)]\n"
            + "class P(ctypes.Structure): _fields_ = [(\"len\", ctypes.c_ushort), (\"filter\", ctypes.POINTER(F))]\n"
            + "prog = P(1, (F * 1)(F(0x06, 0, 0, 0x7fff0000)))\n"
            + "for name, flags in ((\"listener\", 8), (\"plain\", 0)):\n"
            + "    r = libc.syscall(317, 1, flags, ctypes.byref(prog)); e = ctypes.get_errno()\n"
            + "    print(\"== \" + name); print(\"rc=%d %s\" % (r, os.strerror(e) if r < 0 else \"installed\"))\n"
            + "print(\"== filters\"); print(open(\"/proc/self/status\").read().split(\"Seccomp_filters:\")[1].split()[0])\n"
            + "subprocess.run([\"/bin/echo\", \"marker-after-filters\"])\n"
            + "'";
    private final World world;
    private final AuditRecord audit;
    private Cmd.Result attempts;
    private Duration stopTook;

    public AuditIntegritySteps(World world, AuditRecord audit) {
        this.world = world;
        this.audit = audit;
    }

    @When("the agent tries to kill the recorders with SIGKILL and to trace PID 1")
    public void killRecorders() {
        attempts = world.inAgent(AuditRecord.ATTEMPT
                + "for p in $(pgrep -x paude-recorder); do a kill-$p kill -9 $p; done; a trace strace -p 1 -o /dev/null; true");
    }

    @Then("the kill attempts fail with {string}")
    public void killsFail(String reason) {
        Map<String, String> s = AuditRecord.sections(attempts.out());
        List<String> kills = s.keySet().stream().filter(k -> k.startsWith("kill-")).toList();
        // PID 1 and the recorder of this very exec
        assertThat(kills).as(attempts.out()).contains("kill-1").hasSizeGreaterThanOrEqualTo(2);
        kills.forEach(k -> assertThat(s.get(k)).as(k).contains(reason).doesNotContain("rc=0"));
    }

    @Then("tracing PID 1 fails with {string}")
    public void traceFails(String reason) {
        assertThat(AuditRecord.sections(attempts.out()).get("trace")).contains(reason).doesNotContain("rc=0");
    }

    @Then("the agent can kill a process of its own")
    public void killOwn() {
        Cmd.Result r = world.inAgent("sleep 60 & p=$!; kill -9 $p; wait $p; echo rc=$?");
        assertThat(r.out()).contains("rc=137");
    }

    @Then("the session still runs and records {string}")
    public void stillRecords(String argv) {
        audit.ran(argv);
        assertThat(world.refreshedAgent().state().running()).isTrue();
        assertThat(audit.recorded(argv).path("exit").asInt(-1)).isZero();
    }

    @Then("the agent's processes run under two seccomp filters, the engine's profile and the recorder's")
    public void twoFilters() {
        Cmd.Result r = world.inAgent("grep -E '^Seccomp(_filters)?:' /proc/self/status");
        assertThat(r.out()).contains("Seccomp:\t2").contains("Seccomp_filters:\t2");
        assertThat(world.agentEvidence().securityOpt()).anyMatch(o -> o.startsWith("seccomp="));
    }

    @When("the agent installs a seccomp filter with a listener, and then one without")
    public void installFilters() {
        if (!"x86_64".equals(world.inAgent("uname -m").out().strip())) {
            throw new AssertionError("this scenario makes the raw x86_64 seccomp call (317)");
        }
        attempts = world.inAgent(INSTALL_FILTERS);
    }

    @Then("installing the filter with a listener fails with {string}")
    public void listenerRefused(String reason) {
        assertThat(AuditRecord.sections(attempts.out()).get("listener")).as(attempts.out()).contains("rc=-1 " + reason);
    }

    @Then("the filter without a listener is installed, and the agent's execs are still recorded")
    public void plainFilterInstalled() {
        Map<String, String> s = AuditRecord.sections(attempts.out());
        assertThat(s.get("plain")).as(attempts.out()).contains("rc=0 installed");
        assertThat(s.get("filters")).as(attempts.out()).startsWith("3\n");
        assertThat(audit.recorded("/bin/echo marker-after-filters").path("exit").asInt(-1)).isZero();
    }

    @Then("PID 1 is the recorder running as root, and the agent's shell runs as the workspace's owner")
    public void pid1() {
        Cmd.Result r = world.inAgent("cat /proc/1/comm; stat -c %u /proc/1; id -u; grep -E '^(CapBnd|NoNewPrivs)' /proc/self/status; "
                + KernelView.NO_NEW_PRIVS);
        assertThat(r.out().lines().toList()).startsWith("paude-recorder", "0", String.valueOf(Workspace.OWNER))
                .contains("CapBnd:\t0000000000000000").endsWith("1");
        if (!KernelView.GVISOR) { // gVisor's /proc shows no NoNewPrivs line
            assertThat(r.out().lines().toList()).contains("NoNewPrivs:\t1");
        }
    }

    @Then("the engine reports exactly SETUID, SETGID, SETPCAP and SYS_PTRACE added, only for the recorder")
    public void capAddByEngine() {
        ContainerEvidence agent = world.agentEvidence();
        RecorderEvidence.assertOnlyRecorderCapabilities(agent);
        assertThat(agent.user()).isEqualTo("0:0");
        RecorderEvidence.assertCommandRunsAgentAs(agent, Workspace.OWNER);
    }

    @When("the agent tries to read, append to, truncate and delete its audit log")
    public void tamper() {
        // gVisor lists the descriptors of root's PID 1 to anyone (Linux does not); opening them is refused on both
        String procFd = KernelView.GVISOR
                ? "sh -c 'for f in /proc/1/fd/[1-9]*; do echo forged >> \"$f\" || exit 1; done'" : "ls /proc/1/fd";
        attempts = world.inAgent(AuditRecord.tamperingWith(AuditRecord.LOG) + "a list ls /run/paude-audit; a proc-fd " + procFd
                + "; a proc-root ls /proc/1/root/run/paude-audit; true");
    }

    @Then("every attempt fails with {string}")
    public void everyAttemptFails(String reason) {
        Map<String, String> s = AuditRecord.sections(attempts.out());
        assertThat(s.keySet()).contains("read", "append", "truncate", "delete", "list", "proc-fd", "proc-root");
        s.forEach((k, v) -> assertThat(v).as(k).contains(reason).doesNotContain("rc=0"));
    }

    @Then("the agent can read, append to, truncate and delete a file of its own in \\/tmp")
    public void ownFile() {
        Cmd.Result r = world.inAgent("echo mine > /tmp/own.log; " + AuditRecord.tamperingWith("/tmp/own.log") + "true");
        Map<String, String> s = AuditRecord.sections(r.out());
        assertThat(s.keySet()).contains("read", "append", "truncate", "delete");
        s.forEach((k, v) -> assertThat(v).as(k).contains("rc=0").doesNotContain("denied"));
    }

    @Then("the audit log on the host still records {string} and the tampering attempts")
    public void intact(String argv) throws IOException {
        audit.recorded(argv);
        audit.recorded("truncate -s 0 " + AuditRecord.LOG);
        audit.recorded("rm -f " + AuditRecord.LOG);
        Path main = world.sessionDir(world.session).resolve("audit-raw/main.000000");
        assertThat(Files.size(main)).isPositive();
        // the stream still begins with the agent's first exec, and nothing the agent wrote is in it
        assertThat(Files.readString(main)).startsWith("{\"ev\":\"exec\",\"id\":1,").doesNotContain("forged");
    }

    @Then("the engine reports the log directory under a root-only tmpfs, mounted from the session's state directory")
    public void engineMount() {
        ContainerEvidence agent = world.agentEvidence();
        assertThat(agent.mountAt("/run/paude-audit/log").source()).isEqualTo(world.sessionDir(world.session).resolve("audit-raw").toString());
        assertThat(agent.tmpfsAt("/run/paude-audit")).containsPattern("(^|,)mode=0700");
    }

    @When("the recorder, PID 1 of the agent container, is killed from the host")
    public void killFromHost() {
        Engine.ok("kill", "--signal", "KILL", world.agentName());
    }

    @When("the engine stops the agent's container with a grace period of {int} seconds")
    public void engineStops(int grace) {
        long t0 = System.nanoTime();
        Engine.ok("stop", "--time", String.valueOf(grace), world.agentName());
        stopTook = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Why it ended: by itself (the recorder's exit 0), not by the engine's SIGKILL at the grace period's end (137). */
    @Then("the agent's container ended by itself within {int} seconds, with exit code {int}")
    public void endedByItself(int seconds, int code) {
        assertThat(world.refreshedAgent().state()).as("stopped in %s", stopTook)
                .isEqualTo(new ContainerEvidence.State(false, code, false));
        assertThat(stopTook).isLessThan(Duration.ofSeconds(seconds));
    }

    @Then("the engine reports the agent container as no longer running")
    public void notRunning() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(world.refreshedAgent().state().running()).isFalse());
    }

    @Then("running a command in the session fails, saying the audit recorder stopped the session")
    public void execFails() {
        Cmd.Result r = world.inAgent("echo must-not-run");
        assertThat(r.exit()).isEqualTo(125);
        assertThat(r.out()).doesNotContain("must-not-run");
        assertThat(r.err()).contains("audit recorder").contains("session stops when the recorder does");
    }

    @Given("a sandbox with an audit cap of {int}k")
    public void cappedSandbox(int kib) {
        world.startSandbox("--audit-max-size", kib + "k");
    }

    @When("the agent starts {int} processes {string}")
    public void manyProcesses(int n, String pattern) {
        audit.ran("i=0; while [ $i -lt " + n + " ]; do " + pattern.replace("N", "$i") + "; i=$((i+1)); done");
    }

    @Then("the raw log of that command is at most {int}k in at most {int} parts, its first part kept")
    public void rotated(int kib, int parts) throws IOException {
        Map<String, List<Path>> streams = new TreeMap<>();
        try (Stream<Path> files = Files.list(world.sessionDir(world.session).resolve("audit-raw"))) {
            files.filter(p -> p.getFileName().toString().matches(".*[.][0-9]+")).forEach(p -> {
                String n = p.getFileName().toString();
                streams.computeIfAbsent(n.substring(0, n.lastIndexOf('.')), k -> new ArrayList<>()).add(p);
            });
        }
        List<Path> biggest = streams.values().stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
        long total = 0;
        for (Path p : biggest) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(kib * 1024L / parts);
            total += Files.size(p);
        }
        assertThat(biggest).hasSizeBetween(2, parts).anySatisfy(p -> assertThat(p.toString()).endsWith(".000000"));
        assertThat(total).isLessThanOrEqualTo(kib * 1024L).isGreaterThan(kib * 1024L / parts);
    }

    @Given("the state directory holds the logs of {int} old sessions, {int} of them older than {int} days")
    public void oldSessions(int n, int old, int days) throws IOException {
        Path sessions = world.paude.stateDir().resolve("sessions");
        for (int i = 1; i <= n; i++) {
            Path d = Files.createDirectories(sessions.resolve("paude-old" + i));
            Files.writeString(d.resolve("session.json"), "{}");
            Files.writeString(d.resolve("audit.jsonl"), "");
            Duration age = i <= old ? Duration.ofDays(days + 10L - i) : Duration.ofHours(n + 1L - i);
            Files.setLastModifiedTime(d, FileTime.from(Instant.now().minus(age)));
        }
    }

    @Then("only the newest old session's log and the new session's are left")
    public void pruned() throws IOException {
        try (Stream<Path> list = Files.list(world.paude.stateDir().resolve("sessions"))) {
            assertThat(list.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("paude-old4", world.session);
        }
    }
}
