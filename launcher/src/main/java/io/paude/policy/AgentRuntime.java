package io.paude.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The OCI runtime that holds the agent's container. The proxy always stays on the engine's default runtime.
 *
 * <p>{@link #GVISOR} puts a second wall between the agent and the host: gVisor's runsc runs the agent's processes on a
 * kernel of its own (the Sentry, in user space), so a flaw in the host kernel's system-call surface is no longer
 * one system call away. What changes under it, and what paude does about it, is in docs/gvisor.md.
 */
public enum AgentRuntime {
    /** The engine's default runtime (runc): the agent's processes make their system calls to the host's kernel. */
    DEFAULT("default", null),
    /** gVisor: the engine's runtime registered under the name {@code runsc}. */
    GVISOR("runsc", "runsc");

    /**
     * Under gVisor on its default (ptrace) platform every task of the sandbox costs the host threads and stub
     * processes, and the host's pids cgroup counts them all: about 14 a task measured for a fork bomb's tasks, about
     * 32 with the audit recorder tracing them. At that cgroup's limit the Sentry itself fails ("error initializing
     * first thread") and the whole sandbox dies. So the agent's limit is RLIMIT_NPROC, enforced by the Sentry at fork
     * (EAGAIN), and the host's cgroup limit is a backstop this many times larger, never reached first.
     */
    public static final long HOST_PIDS_PER_TASK = 48;
    /** Added to the backstop for the Sentry's and the gofer's own threads. */
    public static final long HOST_PIDS_BASE = 1024;
    /**
     * The agent's default pids limit under gVisor: 512 tasks would let one session hold some 16,000 of the host's
     * process ids (32,768 on a default Linux), so gVisor sessions get fewer unless asked.
     */
    public static final long GVISOR_DEFAULT_PIDS = 128;
    /** The share of the host's process ids ({@code kernel.pid_max}) one gVisor session's backstop may take at most. */
    static final long HOST_PID_SHARE = 4;

    private final String id;
    private final String engineName;

    AgentRuntime(String id, String engineName) {
        this.id = id;
        this.engineName = engineName;
    }

    /** The value of {@code --runtime} and of the config key {@code runtime}. */
    public String id() {
        return id;
    }

    /** The name the engine knows the runtime by ({@code --runtime NAME}); null for the engine's default. */
    public String engineName() {
        return engineName;
    }

    /** The host's pids cgroup limit of an agent container whose own limit is {@code pids}. */
    public long hostPids(long pids) {
        return this == GVISOR ? pids * HOST_PIDS_PER_TASK + HOST_PIDS_BASE : pids;
    }

    /** The agent's pids limit when none is asked for: {@code hostDefault} on the default runtime. */
    public long defaultPids(long hostDefault) {
        return this == GVISOR ? Math.min(hostDefault, GVISOR_DEFAULT_PIDS) : hostDefault;
    }

    /**
     * Refuses a pids limit whose backstop would let one gVisor session take more than a quarter of the host's process
     * ids ({@code pidMax}, the kernel's {@code pid_max}); nothing on the default runtime.
     */
    public void checkPids(long pids, long pidMax) {
        if (this != GVISOR || hostPids(pids) <= pidMax / HOST_PID_SHARE) {
            return;
        }
        long most = (pidMax / HOST_PID_SHARE - HOST_PIDS_BASE) / HOST_PIDS_PER_TASK;
        throw new PolicyException("--pids-limit " + pids + " under gVisor would let the session hold up to " + hostPids(pids)
                + " of this host's " + pidMax + " process ids (each task of the agent costs the host up to "
                + HOST_PIDS_PER_TASK + " threads of gVisor's)", "use --pids-limit " + most + " or less with --runtime runsc");
    }

    /** One line for people, as the session start prints it. */
    public String describe() {
        return this == GVISOR
                ? "gVisor (runtime runsc): the agent's system calls go to gVisor's own kernel, not the host's"
                : "the engine's default runtime (runc): the agent shares the host's kernel";
    }

    /** Of two settings (either may be null: not set), the one with the stronger wall; null when neither is set. */
    public static String stronger(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return parse(b) == GVISOR ? b : parse(a) == GVISOR ? a : b;
    }

    public static AgentRuntime parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (AgentRuntime r : values()) {
            if (r.id.equals(v) || (r == GVISOR && v.equals("gvisor")) || (r == DEFAULT && v.equals("runc"))) {
                return r;
            }
        }
        throw new PolicyException("unknown runtime '" + value + "'",
                "use one of " + Arrays.stream(values()).map(AgentRuntime::id).collect(Collectors.joining(", "))
                        + " (runsc is gVisor: see docs/gvisor.md)");
    }
}
