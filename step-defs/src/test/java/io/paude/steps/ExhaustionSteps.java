package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import java.util.List;

/** Task 11: memory, open files and scratch space run out at their limits, each failing for its own reason. */
public class ExhaustionSteps {
    private static final String HOG = "python3 -c 'x = []\nwhile True: x.append(bytearray(16 * 1048576))'";
    private final World world;

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
}
