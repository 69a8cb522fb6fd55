package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.policy.Limits;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import io.paude.steps.support.KernelView;
import io.paude.steps.support.SandboxStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Resource limits (task 11): every limit is set, reported by the engine, in force inside the agent, and checked first. */
public class ResourceLimitSteps {
    /** Reads a cgroup file under v2's name, or else under v1's. */
    static final String CGROUP = "c() { cat /sys/fs/cgroup/$1 2>/dev/null || cat /sys/fs/cgroup/$2; }; ";
    private final World world;

    public ResourceLimitSteps(World world) {
        this.world = world;
    }

    @Given("a sandbox with the limits {string}")
    public void sandboxWithLimits(String flags) {
        world.startSandbox(flags.isBlank() ? new String[0] : flags.strip().split(" +"));
    }

    @Then("the session start printed {string}")
    public void startPrinted(String line) {
        assertThat(world.launched.err()).contains(line);
    }

    @Then("the engine reports for the agent {double} CPUs, {int}m of memory with no swap beyond it, {int} pids and {int} open files")
    public void engineReports(double cpus, int mem, int pids, int nofile) {
        ContainerEvidence.Limits limits = world.agentEvidence().limits();
        assertThat(limits.nanoCpus()).isEqualTo((long) (cpus * 1e9));
        assertThat(List.of(limits.memory(), limits.memorySwap())).containsExactly(mem * 1048576L, mem * 1048576L);
        assertThat(limits.ulimit("nofile")).isEqualTo(new ContainerEvidence.Ulimit(nofile, nofile));
        if (KernelView.GVISOR) { // the agent's limit is RLIMIT_NPROC there, the host's cgroup a backstop (docs/gvisor.md)
            assertThat(limits.pidsLimit()).isEqualTo(48L * pids + 1024);
            assertThat(limits.ulimit("nproc")).isEqualTo(new ContainerEvidence.Ulimit(pids, pids));
        } else {
            assertThat(limits.pidsLimit()).isEqualTo(pids);
        }
    }

    @Then("the engine reports {int}m tmpfs at \\/tmp and at the agent's home and a read-only root")
    public void engineTmpfs(int size) {
        for (String path : List.of("/tmp", "/home/paude")) {
            assertThat(world.agentEvidence().tmpfsAt(path)).contains("size=" + size + "m");
        }
        assertThat(world.agentEvidence().readOnlyRoot()).isTrue();
    }

    @Then("the engine reports the proxy's own limits")
    public void proxyLimits() {
        Limits p = Limits.proxy();
        ContainerEvidence.Limits proxy = world.proxyEvidence().limits();
        assertThat(List.of(proxy.nanoCpus(), proxy.memory(), proxy.memorySwap(), proxy.pidsLimit()))
                .containsExactly((long) (p.cpus() * 1e9), p.memoryMiB() * 1048576L, p.memoryMiB() * 1048576L, (long) p.pids());
    }

    @Then("the agent sees a CPU quota of {double} cores, {int}m of memory, {int} pids and {int} open files")
    public void agentSees(double cpus, int mem, int pids, int nofile) {
        if (KernelView.GVISOR) {
            agentSeesUnderGvisor(mem, pids, nofile);
            return;
        }
        Cmd.Result r = world.inAgent(CGROUP
                + "q=$(cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) "
                + "$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)); echo cpu $q; "
                + "echo mem $(c memory.max memory/memory.limit_in_bytes); echo pids $(c pids.max pids/pids.max); echo nofile $(ulimit -n)");
        List<String> lines = r.out().lines().toList();
        String[] q = lines.get(0).split(" ");
        assertThat(Double.parseDouble(q[1]) / Double.parseDouble(q[2])).as("%s", r).isEqualTo(cpus);
        assertThat(lines).as("%s", r).contains("mem " + mem * 1048576L, "pids " + pids, "nofile " + nofile);
    }

    /**
     * gVisor's kernel shows no cgroup files: its memory is the limit (/proc/meminfo), the pids limit the agent's
     * RLIMIT_NPROC. The CPU quota is not visible inside (gVisor shows the host's CPUs); the engine's report holds it.
     */
    private void agentSeesUnderGvisor(int mem, int pids, int nofile) {
        Cmd.Result r = world.inAgent("echo mem $(awk '/^MemTotal:/ {print $2 * 1024}' /proc/meminfo); "
                + "echo pids $(bash -c 'ulimit -u'); echo nofile $(ulimit -n); ls /sys/fs/cgroup 2>/dev/null | wc -l");
        assertThat(r.out().lines().toList()).as("%s", r).containsExactly("mem " + mem * 1048576L, "pids " + pids,
                "nofile " + nofile, "0");
    }

    @Then("the output names the proxy's limits")
    public void doctorProxyLimits() {
        assertThat(world.launched.out()).contains("proxy limits: " + Limits.proxy().describe());
    }

    @Then("the engine reports the default limits for this host on the agent")
    public void defaults() throws Exception {
        long memTotalMiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElseThrow();
        Limits d = Limits.forHost(Runtime.getRuntime().availableProcessors(), memTotalMiB);
        engineReports(d.cpus(), (int) d.memoryMiB(), (int) d.pids(), (int) d.nofile());
        engineTmpfs((int) d.tmpMiB());
        assertThat(world.launched.err()).contains("paude: limits: " + d.describe());
    }

    @When("the agent keeps two processes busy for {int} seconds")
    public void busy(int seconds) {
        world.inAgent(CGROUP + "u() { x=$(cat /sys/fs/cgroup/cpu.stat 2>/dev/null | awk '/usage_usec/{print $2*1000}'); "
                + "[ -n \"$x\" ] && echo $x || cat /sys/fs/cgroup/cpuacct/cpuacct.usage; }; "
                + "a=$(u); t0=$(date +%s%N); for i in 1 2; do timeout " + seconds + " sh -c 'while :; do :; done' & done; wait; "
                + "b=$(u); t1=$(date +%s%N); echo $((b - a)) $((t1 - t0))");
    }

    @Then("they used at most {double} CPU-seconds per second, and at least {double}")
    public void cpuRate(double most, double least) {
        String[] f = world.agent.out().strip().split(" ");
        double rate = Double.parseDouble(f[0]) / Double.parseDouble(f[1]);
        assertThat(rate).as("CPU-seconds per second, from %s", world.agent).isBetween(least, most);
    }

    @Then("no container or network was created for the workspace")
    public void nothingForWorkspace() {
        // By the workspace's label rather than all paude containers: other sessions may come and go meanwhile.
        String label = "paude.workspace=" + world.workspace.dir();
        assertThat(Engine.containersLabelled(label)).isEmpty();
        assertThat(Engine.networksLabelled(label)).isEmpty();
        assertThat(world.launched.err()).doesNotContain("paude: limits:").doesNotContain("Exception");
    }

    @When("the user starts paude with {string}")
    public void startWith(String flags) {
        SandboxStart.attempt(world, List.of(flags.split(" ")));
    }
}
