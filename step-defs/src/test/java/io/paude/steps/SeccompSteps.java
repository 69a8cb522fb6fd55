package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Steps for paude's seccomp profile: what the engine applied, and raw system calls made from inside the agent. */
public class SeccompSteps {
    /**
     * Makes raw system calls by number (x86_64 and aarch64) and prints "NAME RESULT REASON" per call. A clone that
     * succeeds exits at once in the child. Arguments are small integers; pointers are NULL.
     */
    private static final String CALLER = """
            import ctypes, os, platform, sys
            NR = {"x86_64": dict(getpid=39, clone=56, pselect6=270, unshare=272, mount=165, keyctl=250, bpf=321, io_uring_setup=425,
                                 perf_event_open=298, open_by_handle_at=304, setns=308, userfaultfd=323),
                  "aarch64": dict(getpid=172, clone=220, pselect6=72, unshare=97, mount=40, keyctl=219, bpf=280, io_uring_setup=425,
                                  perf_event_open=241, open_by_handle_at=265, setns=268, userfaultfd=282)}[platform.machine()]
            libc = ctypes.CDLL(None, use_errno=True)
            for spec in sys.argv[1:]:
                name, *args = spec.split(":")
                ctypes.set_errno(0)
                r = libc.syscall(NR[name], *[ctypes.c_long(int(a, 0)) for a in args])
                if r == 0 and name == "clone":
                    os._exit(0)
                if name == "clone" and r > 0:
                    os.waitpid(r, 0)
                print(spec, r, os.strerror(ctypes.get_errno()) if r == -1 else "ok", flush=True)
            """;

    private final World world;
    private Cmd.Result calls;

    public SeccompSteps(World world) {
        this.world = world;
    }

    @When("the agent makes the system call {string} and, as controls, getpid and a plain clone")
    public void makeCall(String call) {
        String script = CALLER.replace("'", "'\\''");
        calls = world.inAgent("python3 -c '" + script + "' getpid clone:17 '" + call + "'");
    }

    @Then("the controls succeed and {string} fails with {string}")
    public void controlsSucceedCallFails(String call, String reason) {
        List<String> lines = calls.out().lines().toList();
        assertThat(lines).as("%s", calls).hasSize(3);
        assertThat(lines.get(0)).as("control: getpid").matches("getpid [1-9][0-9]* ok");
        assertThat(lines.get(1)).as("control: clone without namespace flags (a fork)").matches("clone:17 [1-9][0-9]* ok");
        assertThat(lines.get(2)).as("the refused call").isEqualTo(call + " -1 " + reason);
    }

    @Then("the engine reports paude's seccomp profile, not the engine's default, for the agent and the proxy")
    public void profileByEngine() throws Exception {
        for (ContainerEvidence container : List.of(world.agentEvidence(), world.proxyEvidence())) {
            JsonNode profile = appliedProfile(container);
            assertThat(profile.get("defaultAction").asText()).as(container.name()).isEqualTo("SCMP_ACT_ERRNO");
            assertThat(names(profile, "SCMP_ACT_ERRNO", 1)).as(container.name()).contains("unshare", "setns", "mount", "keyctl", "bpf", "io_uring_setup",
                    "perf_event_open", "open_by_handle_at");
        }
    }

    @Then("the agent's processes run under seccomp filters: the profile's and the recorder's")
    public void filtered() {
        Cmd.Result r = world.inAgent("grep -E '^Seccomp(_filters)?:' /proc/self/status");
        assertThat(r.out()).as("%s", r).containsPattern("Seccomp:\\s+2");
        if (!io.paude.steps.support.KernelView.GVISOR) { // gVisor's /proc shows no Seccomp_filters line
            assertThat(r.out()).as("%s", r).containsPattern("Seccomp_filters:\\s+2");
        }
    }

    @Then("the engine reports a seccomp profile for the agent that allows {string} by gVisor's name {string} too")
    public void allowsByBothNames(String linuxName, String gvisorName) throws Exception {
        assertThat(names(appliedProfile(world.agentEvidence()), "SCMP_ACT_ALLOW", -1)).contains(linuxName, gvisorName);
    }

    /**
     * As {@link #makeCall}, made by the session's own command ({@code paude run -- python3 ...}) under gVisor: the
     * process runsc applies the engine's profile to itself, where an exec'd one gets only the recorder's rules.
     */
    @When("the agent's first process under gVisor makes the system call {string} and, as controls, getpid and a plain clone")
    public void makeCallInFirstProcess(String call) {
        calls = world.runPaude(world.runArgs(List.of("--runtime", "runsc"),
                List.of("python3", "-c", CALLER, "getpid", "clone:17", call)));
    }

    /** The names of the profile's rules with {@code action} (and {@code errnoRet}, unless -1) for any argument. */
    private static List<String> names(JsonNode profile, String action, int errno) {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : profile.get("syscalls")) {
            if (rule.get("action").asText().equals(action) && (errno < 0 || rule.path("errnoRet").asInt() == errno)
                    && !rule.has("args")) {
                rule.get("names").forEach(n -> names.add(n.asText()));
            }
        }
        return names;
    }

    /** Docker reports the profile's content, Podman the path it read it from. */
    private static JsonNode appliedProfile(ContainerEvidence container) throws Exception {
        List<String> opts = container.securityOpt();
        List<String> seccomp = opts.stream().filter(o -> o.startsWith("seccomp=")).map(o -> o.substring("seccomp=".length())).toList();
        assertThat(seccomp).as("seccomp options of %s: %s", container.name(), opts).hasSize(1);
        String value = seccomp.get(0);
        String json = value.startsWith("{") ? value : Files.readString(Path.of(value));
        return new ObjectMapper().readTree(json);
    }
}
