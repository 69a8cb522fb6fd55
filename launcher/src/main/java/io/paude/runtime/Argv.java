package io.paude.runtime;

import io.paude.plan.ContainerSpec;
import io.paude.plan.NetworkSpec;
import io.paude.plan.Tmpfs;
import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import io.paude.policy.Limits;
import io.paude.policy.Mount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine command lines, as pure functions of the plan. This is where the hardening every container gets is
 * written once: all capabilities dropped, {@code no-new-privileges}, explicit limits, bind mounts that fail when
 * the source is missing instead of creating it. Unit tests assert these argv lists without an engine.
 */
public final class Argv {
    /**
     * RLIMIT_NPROC counts every process of the uid on the host, so it is set high and the cgroup pids limit does
     * the real work. Podman needs an explicit value on hosts where the runtime lacks CAP_SYS_RESOURCE, and one
     * no higher than the runtime's own hard limit (65536 was refused on such a host, 32768 accepted).
     */
    static final long NPROC = 32768;

    private Argv() {
    }

    /**
     * {@code create ...}: every container is created first and started later (the agent's is created while the
     * proxy starts, then started in the foreground by {@link #startAttached} or in the background). No {@code --rm}:
     * the session's teardown removes the container after the launcher has read why it ended (an OOM kill is only
     * visible in the state of a container that still exists).
     */
    public static List<String> container(EngineKind kind, ContainerSpec spec) {
        return container(kind, false, spec);
    }

    /**
     * {@link #container(EngineKind, ContainerSpec)} on an engine that may be rootless ({@link EngineFacts}). Rootless
     * Podman maps the container's root to the user and every other uid to the user's subordinate range, so files the
     * agent (running as the workspace owner's uid) writes would belong to a uid of that range on the host; with
     * {@code keep-id} the user's own uid is the same inside and out, and the workspace's new files are the user's.
     * Root in the container (the audit recorder) and the proxy's user stay in the subordinate range, unprivileged
     * on the host.
     */
    public static List<String> container(EngineKind kind, boolean rootless, ContainerSpec spec) {
        List<String> a = new ArrayList<>();
        a.add("create");
        a.add("--name");
        a.add(spec.name());
        labels(a, spec.labels());
        if (spec.user() != null) {
            add(a, "--user", spec.user());
        }
        if (rootless && kind == EngineKind.PODMAN) {
            add(a, "--userns", "keep-id");
        }
        add(a, "--cap-drop", "ALL");
        spec.capAdd().forEach(c -> add(a, "--cap-add", c));
        add(a, "--security-opt", "no-new-privileges");
        // paude's profile, not the engine's default: the same kernel surface on Docker and Podman (SeccompProfile)
        add(a, "--security-opt", "seccomp=" + spec.seccompProfile());
        if (spec.readOnlyRoot()) {
            a.add("--read-only");
            if (kind == EngineKind.PODMAN) {
                // podman would add writable tmpfs at /run and /var/tmp on its own; only the planned ones exist
                a.add("--read-only-tmpfs=false");
            }
        }
        for (Tmpfs t : spec.tmpfs()) {
            add(a, "--tmpfs", tmpfs(kind, t));
        }
        for (Mount m : spec.mounts()) {
            add(a, "--mount", "type=bind,source=" + m.source() + ",target=" + m.target() + (m.readOnly() ? ",readonly" : ""));
        }
        spec.env().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> add(a, "--env", e.getKey() + "=" + e.getValue()));
        add(a, "--network", spec.network());
        if (spec.ip() != null) {
            add(a, "--ip", spec.ip());
        }
        spec.dns().forEach(d -> add(a, "--dns", d));
        limits(a, spec.limits(), spec.runtime());
        if (spec.runtime().engineName() != null) {
            add(a, "--runtime", spec.runtime().engineName());
        }
        a.addAll(engineLog(kind, spec.logMaxBytes()));
        if (spec.workdir() != null) {
            add(a, "--workdir", spec.workdir());
        }
        if (spec.keepStdin()) {
            a.add("--interactive");
        }
        if (spec.tty()) {
            a.add("--tty");
        }
        a.add(spec.image());
        a.addAll(spec.command());
        return a;
    }

    /** {@code start --attach} for a container created with {@link #container}: its output here, its exit code back. */
    public static List<String> startAttached(ContainerSpec spec) {
        List<String> a = new ArrayList<>(List.of("start", "--attach"));
        if (spec.keepStdin()) {
            a.add("--interactive");
        }
        a.add(spec.name());
        return a;
    }

    /**
     * The limits of a container. Under gVisor the pids limit is the Sentry's RLIMIT_NPROC (the tasks of the sandbox,
     * refused with EAGAIN at fork) and the host's pids cgroup a backstop above it ({@link AgentRuntime#hostPids}).
     */
    static void limits(List<String> a, Limits l, AgentRuntime runtime) {
        add(a, "--cpus", String.format(Locale.ROOT, "%.2f", l.cpus()));
        add(a, "--memory", l.memoryMiB() + "m");
        add(a, "--memory-swap", l.memoryMiB() + "m");
        add(a, "--pids-limit", Long.toString(runtime.hostPids(l.pids())));
        add(a, "--ulimit", "nofile=" + l.nofile() + ":" + l.nofile());
        long nproc = runtime == AgentRuntime.GVISOR ? l.pids() : NPROC;
        add(a, "--ulimit", "nproc=" + nproc + ":" + nproc);
    }

    /**
     * The engine's log of a container (what its first process prints) kept within {@code maxBytes}, in a driver that
     * honours the cap whatever the engine's default is (journald and syslog would refuse or ignore it): Docker's
     * json-file in {@link AuditSettings#ROTATIONS} files of a quarter, the oldest dropped; Podman's k8s-file in one
     * file, which conmon starts afresh when the next line would pass the cap (Podman keeps no rotated files).
     */
    public static List<String> engineLog(EngineKind kind, long maxBytes) {
        if (kind == EngineKind.PODMAN) {
            return List.of("--log-driver", "k8s-file", "--log-opt", "max-size=" + maxBytes);
        }
        return List.of("--log-driver", "json-file", "--log-opt", "max-size=" + maxBytes / AuditSettings.ROTATIONS,
                "--log-opt", "max-file=" + AuditSettings.ROTATIONS);
    }

    static String tmpfs(EngineKind kind, Tmpfs t) {
        // exec: tools run scripts they write to /tmp and ~/.local/bin; the workspace is executable anyway.
        StringBuilder s = new StringBuilder(t.path()).append(":rw,exec,nosuid,nodev,size=").append(t.sizeMiB()).append("m,mode=")
                .append(t.mode());
        if (t.uid() != 0 || t.gid() != 0) {
            // Owned by the agent's user: docker takes uid/gid options. Podman refuses them and its U option chowns to
            // the container's user, which is root (the audit recorder); the tmpfs is then sticky and world-writable,
            // like /tmp, and the agent is the only non-root user in the container.
            if (kind == EngineKind.PODMAN) {
                return new StringBuilder(t.path()).append(":rw,exec,nosuid,nodev,size=").append(t.sizeMiB())
                        .append("m,mode=1777").toString();
            }
            s.append(",uid=" + t.uid() + ",gid=" + t.gid());
        }
        return s.toString();
    }

    public static List<String> network(EngineKind kind, NetworkSpec n) {
        List<String> a = new ArrayList<>(List.of("network", "create"));
        if (n.internal()) {
            a.add("--internal");
        }
        if (kind == EngineKind.PODMAN) {
            // No aardvark resolver on the agent's network: it would forward any name to the host's resolvers.
            a.add("--disable-dns");
        } else if (n.internal()) {
            // The host's end of the bridge gets no address, so the agent cannot reach services on the host through
            // its gateway: an internal network alone still lets packets addressed to the host in.
            add(a, "--opt", "com.docker.network.bridge.inhibit_ipv4=true");
        }
        if (n.subnet() != null) {
            add(a, "--subnet", n.subnet().cidr());
            add(a, "--gateway", n.subnet().gateway());
        }
        labels(a, n.labels());
        a.add(n.name());
        return a;
    }

    /**
     * {@code network inspect} of what tells whether names resolve on a network: Podman's DNSEnabled; Docker's name,
     * since its user-defined networks always have the embedded resolver and its predefined ones never do.
     */
    public static List<String> networkResolution(EngineKind kind, String network) {
        return List.of("network", "inspect", "--format", kind == EngineKind.PODMAN ? "{{.DNSEnabled}}" : "{{.Name}}",
                network);
    }

    /** Whether {@link #networkResolution}'s answer means that names resolve. */
    public static boolean namesResolve(EngineKind kind, String answer) {
        String a = answer.strip();
        return kind == EngineKind.PODMAN ? a.equals("true") : !List.of("bridge", "host", "none").contains(a);
    }

    /**
     * The rule that drops whatever the agent's bridge sends to the bridge's own end: on rootful Podman the host's; on
     * rootless Podman the user's rootless network namespace, where the bridges live (entered with
     * {@code podman unshare --rootless-netns}), which would otherwise answer the agent at its gateway's address.
     */
    public static List<String> hostIsolation(boolean rootless, String tool, String action, String bridge, String network) {
        List<String> a = new ArrayList<>();
        if (rootless) {
            a.addAll(List.of(EngineKind.PODMAN.executable(), "unshare", "--rootless-netns"));
        }
        a.addAll(List.of(tool, action, "INPUT", "-i", bridge, "-m", "comment", "--comment", "paude:" + network, "-j", "DROP"));
        return a;
    }

    /** Waits until {@code container} stops (both engines print its exit code then). */
    public static List<String> await(String container) {
        return List.of("wait", container);
    }

    /** {@code exec}; {@code user} null for the container's user. */
    public static List<String> exec(String container, List<String> command, boolean stdin, boolean tty, String workdir,
            String user) {
        List<String> a = new ArrayList<>(List.of("exec"));
        if (user != null) {
            add(a, "--user", user);
        }
        if (stdin) {
            a.add("--interactive");
        }
        if (tty) {
            a.add("--tty");
        }
        if (workdir != null) {
            add(a, "--workdir", workdir);
        }
        a.add(container);
        a.addAll(command);
        return a;
    }

    static List<String> labelFilters(Map<String, String> labels) {
        List<String> a = new ArrayList<>();
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> add(a, "--filter", "label=" + e.getKey() + (e.getValue() == null ? "" : "=" + e.getValue())));
        return a;
    }

    /** {@code --label KEY=VALUE} for each label, in the order of their keys. */
    static void labels(List<String> a, Map<String, String> labels) {
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> add(a, "--label", e.getKey() + "=" + e.getValue()));
    }

    static void add(List<String> a, String flag, String value) {
        a.add(flag);
        a.add(value);
    }
}
