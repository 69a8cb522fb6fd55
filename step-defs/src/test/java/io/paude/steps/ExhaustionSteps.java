package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Task 11: memory, open files, scratch space and processes run out at their limits, each failing for its own
 * reason; a fork bomb hits the pids limit while the host and the launcher stay responsive, and the sandbox ends it;
 * and the limits do not get in the way of normal work.
 */
public class ExhaustionSteps {
    private static final String HOG = "python3 -c 'x = []\nwhile True: x.append(bytearray(16 * 1048576))'";
    private final World world;
    private long worstHostMillis;
    private long launcherMillis = -1;

    public ExhaustionSteps(World world) {
        this.world = world;
    }

    @When("the agent allocates {int} MiB")
    public void allocate(int mib) {
        world.inAgent("python3 -c 'b = bytearray(" + mib + " * 1048576); print(\"allocated\", len(b) >> 20)'");
    }

    @When("the agent allocates memory without end")
    public void hog() {
        world.inAgent(HOG);
    }

    @Then("the command succeeds")
    public void succeeds() {
        assertThat(world.agent.exit()).as("%s", world.agent).isZero();
    }

    @Then("the command is killed with exit code {int}")
    public void killed(int code) {
        assertThat(world.agent.exit()).as("%s", world.agent).isEqualTo(code);
    }

    @Then("paude reported that it was OOM-killed with the memory limit {string}")
    public void oomReported(String limit) {
        assertThat(world.agent.err()).contains("OOM-killed in the agent (memory limit " + limit + ")");
    }

    @Then("the kernel counted an OOM kill in the agent's memory cgroup")
    public void oomCounted() {
        Cmd.Result r = world.inAgent("cat /sys/fs/cgroup/memory.events /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null "
                + "| grep '^oom_kill '");
        assertThat(r.out().strip()).as("%s", r).matches("oom_kill [1-9][0-9]*");
    }

    @When("the user runs a memory hog with paude run and {string}")
    public void runHog(String flags) {
        world.runPaude(world.runArgs(List.of(flags.split(" ")), List.of("sh", "-c", HOG)));
    }

    @When("the agent opens {int} files at once")
    public void openFiles(int n) {
        world.inAgent("python3 -c 'fs = [open(\"/dev/null\") for _ in range(" + n + ")]; print(\"opened\", len(fs))'");
    }

    @When("the agent opens files until it cannot")
    public void openUntil() {
        world.inAgent("python3 -c '\nfs = []\ntry:\n    while True: fs.append(open(\"/dev/null\"))\n"
                + "except OSError as e: print(len(fs), e.strerror)'");
    }

    @Then("it failed with {string} after fewer than {int}")
    public void failedAfterFewer(String reason, int limit) {
        String[] f = world.agent.out().strip().split(" ", 2);
        assertThat(f[1]).as("%s", world.agent).isEqualTo(reason);
        assertThat(Integer.parseInt(f[0])).isLessThan(limit).isGreaterThan(limit - 16);
    }

    @When("the agent writes {int} MiB to {word}")
    public void write(int mib, String dir) {
        world.inAgent("dd if=/dev/zero of=" + dir + "/fill bs=1M count=" + mib + " 2>&1; rc=$?; echo size=$(stat -c %s " + dir
                + "/fill); exit $rc");
    }

    @Then("it failed with {string} after at most {int} MiB")
    public void failedAfterMost(String reason, int mib) {
        assertThat(world.agent.exit()).as("%s", world.agent).isNotZero();
        assertThat(world.agent.out()).contains(reason);
        long size = Long.parseLong(world.agent.out().replaceAll("(?s).*size=([0-9]+).*", "$1"));
        assertThat(size).isLessThanOrEqualTo(mib * 1048576L).isGreaterThan((mib - 2) * 1048576L);
    }

    @When("the agent leaves a fork bomb running while the host is probed for {int} seconds")
    public void bombLeft(int seconds) throws Exception {
        // nothing of the test ends this bomb: the sandbox must
        Cmd.Result started = world.inAgent("setsid bash -c ':(){ :|:& };:' >/tmp/bomb.log 2>&1 </dev/null & echo bomb-started");
        assertThat(started.out()).as("%s", started).contains("bomb-started");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            Cmd.Result r = Cmd.run(List.of("sh", "-c", "echo host-alive"), Map.of(), Duration.ofSeconds(30));
            assertThat(r.out()).contains("host-alive");
            worstHostMillis = Math.max(worstHostMillis, (System.nanoTime() - t0) / 1_000_000);
            if (launcherMillis < 0) {
                Thread.sleep(1500);   // the bomb at its limit
                long l0 = System.nanoTime();
                Cmd.Result list = world.runPaude(List.of("list"));
                launcherMillis = (System.nanoTime() - l0) / 1_000_000;
                assertThat(list.out()).as("%s", list).contains(world.session);
            }
            Thread.sleep(300);
        }
    }

    @Then("the sandbox ends the bomb within {int} seconds, and paude audit says it killed it at the pids limit")
    public void sandboxEndedBomb(int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        java.util.regex.Pattern killed = java.util.regex.Pattern.compile(
                "KILLED +[1-9][0-9]* processes of process group [0-9]+   <-- ended by the sandbox: forks refused at the pids limit");
        long bash;
        String top;
        Cmd.Result audit;
        // podman top lists the host's processes for a container under gVisor (it reads the container's pid namespace,
        // which gVisor's processes are not in): there the engine's exec of ps inside the container is the evidence
        boolean gvisorOnPodman = Engine.NAME.equals("podman") && world.agentEvidence().runtime().equals("runsc");
        do {
            top = gvisorOnPodman ? Engine.ok("exec", "--user", "0", world.agentName(), "ps", "-eo", "pid,user,comm")
                    : Engine.ok("top", world.agentName());
            bash = top.lines().filter(l -> l.contains("bash")).count();
            audit = world.runPaude(List.of("audit", world.session, "--failed"));
            if (bash < 5 && killed.matcher(audit.out()).find()) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < end);
        assertThat(bash).as("bash processes the engine reports in the agent container:%n%s", top).isLessThan(5);
        assertThat(audit.out()).as("%s", audit).containsPattern(killed);
    }

    @Then("the bomb's forks failed with {string}")
    public void bombFailed(String reason) {
        assertThat(world.inAgent("grep -c '" + reason + "' /tmp/bomb.log").out().strip()).matches("[1-9][0-9]*");
    }

    @Then("the kernel counted forks refused at the pids limit of {int}")
    public void pidsEvents(int limit) {
        Cmd.Result r = world.inAgent(ResourceLimitSteps.CGROUP + "echo $(c pids.max pids/pids.max) $(c pids.events pids/pids.events)");
        assertThat(r.out().strip()).as("%s", r).matches(limit + " max [1-9][0-9]*");
        assertThat(world.agentEvidence().limits().pidsLimit()).isEqualTo(limit);
    }

    @Then("a command on the host answered within {int} seconds throughout the bomb")
    public void hostAnswered(int seconds) {
        assertThat(worstHostMillis).isLessThan(seconds * 1000L);
    }

    @Then("the launcher answered within {int} seconds during the bomb")
    public void launcherAnswered(int seconds) {
        assertThat(launcherMillis).as("paude list was run during the bomb").isNotNegative().isLessThan(seconds * 1000L);
    }

    @Then("the agent can run commands again after the bomb")
    public void recovered() {
        // the agent's own processes: the audit recorder's (root) are not the bomb's
        Cmd.Result r = world.inAgent("echo alive; ps -u \"$(id -u)\" --no-headers | wc -l");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("alive");
        assertThat(Integer.parseInt(r.out().lines().toList().get(1).strip())).isLessThan(10);
    }

    @When("the agent leaves a fork bomb running")
    public void leaveBomb() throws Exception {
        world.inAgent("bash -c ':(){ :|:& };:' >/dev/null 2>&1");
        // seen at once: PID 1 ends a bomb that has held the pids limit for 5 s, so a fixed wait could miss it on a
        // loaded machine, where the exec's own return takes seconds
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String top = Engine.ok("top", world.agentName());
            assertThat(top.lines().filter(l -> l.contains("bash")).count()).as(top).isGreaterThan(32);
        });
    }

    @Then("the user can stop the session within {int} seconds")
    public void stopWithin(int seconds) {
        long t0 = System.nanoTime();
        Cmd.Result r = world.runPaude(List.of("stop", world.session));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(millis).isLessThan(seconds * 1000L);
    }

    @Then("the agent can init a git repository and commit to it")
    public void git() {
        Cmd.Result r = world.inAgent("mkdir proj && cd proj && git init -q && echo hi > a.txt && git add a.txt "
                + "&& git -c user.name=t -c user.email=t@example.com commit -qm first && git log --oneline | wc -l");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().strip()).isEqualTo("1");
    }

    @Then("the agent can run node, npm and python")
    public void tools() {
        Cmd.Result r = world.inAgent("node -e 'console.log(6*7)' && npm --version && python3 -c 'print(6*7)'");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().lines().toList()).hasSize(3).element(0).isEqualTo("42");
    }

    @Then("the agent can compile and run a small program")
    public void compile() {
        Cmd.Result r = world.inAgent("mkdir -p /tmp/prog && cd /tmp/prog && printf 'def f(n):\\n    return n * 2\\nprint(f(21))\\n' > m.py "
                + "&& python3 -m py_compile m.py && python3 __pycache__/m.*.pyc "
                + "&& npm init -y >/dev/null && npm pkg set scripts.build='node -e \"console.log(40+2)\"' && npm run -s build");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().lines().toList()).containsExactly("42", "42");
    }

    @Then("the agent can create and list {int} files")
    public void manyFiles(int n) {
        Cmd.Result r = world.inAgent("mkdir many && seq " + n + " | xargs -P 8 -I{} sh -c 'echo {} > many/f{}' && ls many | wc -l");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().strip()).isEqualTo(String.valueOf(n));
    }
}
