package io.paude.cli;

import io.paude.SafeJson;
import io.paude.audit.KernelSupport;
import io.paude.config.ConfigFiles;
import io.paude.plan.ImageRefs;
import io.paude.policy.AgentRuntime;
import io.paude.policy.Allowlist;
import io.paude.policy.Limits;
import io.paude.policy.PolicyException;
import io.paude.runtime.Argv;
import io.paude.runtime.BridgeFirewall;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineException;
import io.paude.runtime.EngineFacts;
import io.paude.runtime.EngineKind;
import io.paude.runtime.GvisorPlatform;
import io.paude.runtime.NameResolution;
import io.paude.settings.Resolver;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check the engine, the images, the configuration, the limits and the caps of the session's logs; each",
            "problem with its fix.",
            "Takes the options of 'paude run' and checks what they would give: the configuration of --workspace,",
            "the allowlist, the limits and --egress-network. On the engine it also proves, with two short-lived",
            "containers of the proxy image on an internal network, that network aliases resolve (the proxy needs",
            "that to reach hosts that are containers), and on Podman names its network backend. It fails on an",
            "engine that cannot enforce the limits (rootless on cgroup v1), where a session is refused.",
            "Exit 0 when every check passes, 1 otherwise.",
            "With --json, one JSON object: {\"ok\": true|false, \"checks\": [{\"status\": \"ok\"|\"fail\",",
            "\"what\": TEXT, \"fix\": TEXT|null}, ...]}, the checks in the order of the text output."},
        footer = {"", "Examples:",
            "  # the engine, the images, the state directory, the limits a session would get",
            "  paude doctor",
            "",
            "  # the same on Podman, with the allowlist and limits these flags would give",
            "  paude doctor --engine podman --allow-domain npm --memory 8g",
            "",
            "  # also check another project's paude.json (read only once you trusted it)",
            "  paude doctor --workspace ~/project",
            "",
            "  # the checks as JSON, e.g. the failed ones with jq",
            "  paude doctor --json | jq '.checks[] | select(.status == \"fail\")'"})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Mixin
    SandboxOptions sandbox;

    @Option(names = "--json", description = "Print the checks as JSON (ok, checks with status, what, fix).")
    boolean json;

    private final List<Map<String, Object>> checks = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConfigFiles files = ConfigFiles.NONE;
        try {
            files = sandbox.files();
            ok(out, "configuration readable");
        } catch (PolicyException e) {
            bad(out, e.getMessage(), e.fix());
        }
        Resolver settings = sandbox.resolver(files);
        try {
            Allowlist list = settings.allowlist();
            ok(out, "allowlist valid: " + (list.entries().isEmpty()
                    ? "empty, no host is reachable (the default; add hosts with --allow-domain)" : String.join(" ", list.asStrings())));
            ok(out, "limits: " + settings.limits(settings.runtime()).describe());
            ok(out, "proxy limits: " + Limits.proxy().describe());
            var dns = settings.proxyDns();
            ok(out, "proxy resolver: " + (dns.isEngineDefault() ? "the engine's" : String.join(" ", dns.servers())));
        } catch (PolicyException e) {
            bad(out, e.getMessage(), e.fix());
        }
        ContainerEngine engine = null;
        try {
            ContainerEngine detected = engineOption.engine(settings.engine());
            ok(out, "engine: " + detected.kind().id() + " " + detected.serverVersion());
            limits(out, detected);
            engine = detected; // the checks that need the engine run only when it answers
        } catch (EngineException e) {
            bad(out, e.getMessage(), e.fix());
        }
        if (engine != null) {
            engine(out, engine);
            logs(out, engine.kind(), settings);
            gvisor(out, engine, settings);
        }
        kernel(out);
        Path state = Services.paths().state();
        try {
            Files.createDirectories(state);
            if (Files.isWritable(state)) {
                ok(out, "state directory writable: " + state);
            } else {
                bad(out, "state directory not writable: " + state, "fix its permissions or set XDG_STATE_HOME");
            }
        } catch (java.io.IOException e) {
            bad(out, "state directory cannot be created: " + state, "set XDG_STATE_HOME to a writable directory");
        }
        boolean failed = checks.stream().anyMatch(c -> c.get("status").equals("fail"));
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("ok", !failed);
            doc.put("checks", checks);
            out.println(SafeJson.pretty(doc));
        }
        return failed ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** The images, the networks the proxy will use, and on Podman its firewall and network backend. */
    private void engine(PrintWriter out, ContainerEngine engine) {
        ImageRefs images = ImageRefs.from(System.getenv());
        boolean proxyImage = false;
        for (String image : new String[] {images.agent(), images.proxy()}) {
            if (engine.imageExists(image)) {
                ok(out, "image present: " + image);
                proxyImage |= image.equals(images.proxy());
            } else {
                bad(out, "image missing: " + image, "run 'paude images build'");
            }
        }
        String backend = "";
        if (engine.kind() == EngineKind.PODMAN) {
            BridgeFirewall.podmanProblem().ifPresentOrElse(
                    p -> bad(out, p, "allow bridged traffic within podman networks: " + BridgeFirewall.FIX),
                    () -> ok(out, "podman bridges pass traffic between agent and proxy"));
            backend = " (podman network backend " + engine.info("{{.Host.NetworkBackend}}") + ")";
        }
        if (proxyImage) {
            aliases(out, engine, images.proxy(), backend);
        }
        String egress = sandbox.egressNetwork != null ? sandbox.egressNetwork : engine.kind().defaultNetwork();
        engine.namesResolveOn(egress).ifPresentOrElse(resolves -> {
            ok(out, "egress network present: " + egress);
            NameResolution.egressWarning(engine.kind(), egress, resolves)
                    .ifPresent(p -> bad(out, p.what(), p.fix()));
        }, () -> bad(out, "egress network missing: " + egress, "create it or pass --egress-network"));
    }

    /**
     * Whether the engine can hold the agent under gVisor ({@code --runtime runsc}): a probe container under it must
     * see gVisor's kernel and have its seccomp profile in force. A failure only when the runtime is asked for (flag or
     * configuration); otherwise the line says how to get the second wall.
     */
    private void gvisor(PrintWriter out, ContainerEngine engine, Resolver settings) {
        AgentRuntime asked;
        try {
            asked = settings.runtime();
        } catch (PolicyException e) {
            bad(out, e.getMessage(), e.fix());
            return;
        }
        String name = AgentRuntime.GVISOR.engineName();
        String image = ImageRefs.from(System.getenv()).agent();
        if (!engine.imageExists(image)) {
            return; // said above; the probe runs the agent's image
        }
        var problem = engine.runtimeProbe(image, name).gvisorProblem();
        String fix = "install gVisor and register it with the engine as '" + name + "' with --oci-seccomp (docs/gvisor.md; "
                + "bash .ci/setup-engine gvisor does both)";
        if (problem.isEmpty()) {
            ok(out, "gVisor available: runtime " + name + " runs the agent's image on gVisor's kernel with its seccomp "
                    + "profile in force" + GvisorPlatform.describe(engine, name)
                    + (asked == AgentRuntime.GVISOR ? "; sessions run the agent under it" : "; use it with --runtime " + name));
        } else if (asked == AgentRuntime.GVISOR) {
            bad(out, "runtime " + name + " (gVisor) asked for, and " + problem.get(), fix);
        } else {
            ok(out, "gVisor not available (optional; runtime " + name + ": " + problem.get() + "); to run the agent "
                    + "under it: " + fix);
        }
    }

    /** Whether the engine enforces the limits: a rootless engine on cgroup v1 does not, and paude refuses it. */
    private void limits(PrintWriter out, ContainerEngine engine) {
        EngineFacts facts = EngineFacts.of(engine); // what the engine says, asked here
        facts.problem().ifPresentOrElse(p -> bad(out, p + "; paude refuses to start a session there",
                facts.fix()),
                () -> ok(out, "limits enforced by the engine (" + facts.describe() + ")"));
    }

    /** Every log a session writes on the host is capped by --audit-max-size; the engine's, with these options. */
    private void logs(PrintWriter out, EngineKind kind, Resolver settings) {
        try {
            long max = settings.audit().maxBytes();
            ok(out, "logs capped at " + max + " bytes each (--audit-max-size): audit streams, the proxy's access and cache "
                    + "logs, and the engine's log of each container (" + String.join(" ", Argv.engineLog(kind, max)) + ")");
        } catch (PolicyException e) {
            bad(out, e.getMessage(), e.fix());
        }
    }

    /** Proves that the proxy can reach containers on its egress network by their aliases (the suite's fixture hosts). */
    private void aliases(PrintWriter out, ContainerEngine engine, String image, String backend) {
        Optional<String> problem;
        try {
            problem = engine.aliasProbe(image);
        } catch (EngineException e) {
            bad(out, "the engine cannot run a container of paude's: " + e.getMessage(), e.fix());
            return;
        }
        problem.ifPresentOrElse(
                p -> bad(out, "network aliases do not resolve" + backend + ": the proxy cannot reach a host that is a "
                        + "container on its egress network; " + p, engine.kind() == EngineKind.PODMAN
                                ? NameResolution.PODMAN_FIX : "check the engine's embedded DNS ('docker info')"),
                () -> ok(out, "network aliases resolve" + backend + ": probed with two containers on an internal network"));
    }

    /** The containers share this machine's kernel (Linux engines): the audit recorder's needs. */
    private void kernel(PrintWriter out) {
        String release;
        try {
            release = Files.readAllLines(Path.of("/proc/sys/kernel/osrelease")).get(0).strip();
        } catch (java.io.IOException e) {
            ok(out, "kernel: not a Linux host; the engine's VM kernel must be 5.8 or later for the audit recorder");
            return;
        }
        KernelSupport.problem(release).ifPresentOrElse(
                p -> bad(out, p, "run paude on Linux 5.8 or later (6.15 or later records every exit status)"),
                () -> ok(out, "kernel " + release + (KernelSupport.fullExitStatus(release)
                        ? ": the audit recorder has all it needs"
                        : ": the audit recorder runs; exit codes of processes reaped before it looks need 6.15")));
    }

    private void ok(PrintWriter out, String what) {
        check("ok", what, null);
        if (!json) {
            out.println("ok    " + what);
        }
    }

    private void bad(PrintWriter out, String what, String fix) {
        check("fail", what, fix);
        if (!json) {
            out.println("FAIL  " + what);
            out.println("      fix: " + fix);
        }
    }

    private void check(String status, String what, String fix) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("status", status);
        c.put("what", what);
        c.put("fix", fix);
        checks.add(c);
    }
}
