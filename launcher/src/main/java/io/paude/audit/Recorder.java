package io.paude.audit;

import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import io.paude.state.CapLedger;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the audit recorder, {@code paude-recorder} (images/agent/paude-recorder.c): as root, it runs the
 * agent's command as the agent's uid/gid with no capability under a seccomp filter that hands it every execve and
 * execveat of that command and of everything it starts (seccomp user notification); it records each and lets it go
 * on, and records each process's end from a pidfd. Processes are stopped at exec only. The agent (another uid, no
 * capabilities, no-new-privileges) can neither signal nor trace it; if it dies, every later exec fails (fail
 * closed). Pure: the planner and the session service put it in front of the agent's command and of every exec.
 */
public final class Recorder {
    /**
     * What the recorder needs, and nothing more: SETUID, SETGID and SETPCAP to become the agent's uid/gid with an
     * empty bounding set; SYS_PTRACE to read the arguments and the exit status of another user's processes, and to
     * stop each new program before its first instruction to record what it runs and has as arguments. Root keeps
     * them only in the recorder; the agent's processes hold none and cannot regain them.
     */
    public static final List<String> CAPABILITIES = List.of("SETUID", "SETGID", "SETPCAP", "SYS_PTRACE");
    /**
     * Where the agent's container has paude's seccomp profile as rules ({@link io.paude.plan.SeccompProfile#rules}) under
     * gVisor: the recorder loads them into every process it starts, since runsc applies the engine's profile to the
     * container's first process only, never to a process of {@code exec}.
     */
    public static final String SECCOMP_RULES = "/etc/paude/seccomp.rules";
    /**
     * Run before the recorder under gVisor (as the container's first process): the container's seccomp profile must be in force (runsc ignores it unless
     * registered with {@code --oci-seccomp}); if it is not, nothing starts (exit 125) and the fix is said.
     */
    static final String GVISOR_SECCOMP_CHECK = "grep -q '^Seccomp:[[:space:]]*2' /proc/self/status || { echo 'paude: "
            + "the runtime runsc did not apply the seccomp profile of paude to the agent: register it with --oci-seccomp "
            + "(docs/gvisor.md)' >&2; exit 125; }; exec \"$@\"";
    /** The recorder's path in the agent image. */
    public static final String BINARY = "/usr/local/bin/paude-recorder";
    /** A root-owned 0700 tmpfs: the agent cannot even look inside, whatever the mounted directory's mode is. */
    public static final String PARENT = "/run/paude-audit";
    /** Where the session's raw-log directory of the host is mounted. */
    public static final String LOG_DIR = PARENT + "/log";
    /** The stream of the container's main process; every {@code paude exec} gets its own stream. */
    public static final String MAIN = "main";
    /**
     * The file the launcher creates (in the session's raw-log directory, out of the agent's sight) once the proxy
     * accepts connections; a recorder in role {@link Role#PID1_AFTER_PROXY} starts the agent's command only then.
     */
    public static final String READY_FILE = "proxy-ready";

    /** Where the recorder runs, and when the command starts. */
    public enum Role {
        /** The container's PID 1: the recorder is the parent, its death ends the container; the command starts at once. */
        PID1,
        /**
         * As {@link #PID1}, the command starting once {@link #READY_FILE} exists: the container can start while the
         * proxy does, and the agent still never runs before its only way out is there.
         */
        PID1_AFTER_PROXY,
        /**
         * {@code paude exec}: the calling process becomes the command and the recorder a detached grandchild, so the
         * exec returns when the command does, while the recorder keeps following whatever it left running (daemons
         * included); the command never runs before it is recorded.
         */
        EXEC
    }

    private Recorder() {
    }

    /** {@code command} run as {@code uid:gid} under the recorder in role {@code role}, its log in stream {@code stream}. */
    public static List<String> wrap(String stream, int uid, int gid, AuditSettings settings, List<String> command,
            Role role) {
        return wrap(stream, uid, gid, settings, command, role, AgentRuntime.DEFAULT);
    }

    /**
     * As {@link #wrap(String, int, int, AuditSettings, List, Role)} in a container of {@code runtime}. gVisor refuses
     * the seccomp user notification the recorder stops execs with, so there the recorder follows the agent's
     * processes by ptrace ({@code --ptrace}, images/agent/paude-recorder.c), which gVisor's own kernel implements, and
     * loads paude's seccomp profile into them itself ({@link #SECCOMP_RULES}); and since runsc applies the container's
     * profile to its first process only when registered with {@code --oci-seccomp}, a shell first checks there that
     * the profile is in force (seccomp mode 2) and refuses to start the recorder otherwise.
     */
    public static List<String> wrap(String stream, int uid, int gid, AuditSettings settings, List<String> command,
            Role role, AgentRuntime runtime) {
        if (!stream.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bad stream name " + stream);
        }
        List<String> a = new ArrayList<>();
        if (runtime == AgentRuntime.GVISOR && role != Role.EXEC) {
            a.addAll(List.of("/bin/sh", "-c", GVISOR_SECCOMP_CHECK, "paude-seccomp-check"));
        }
        a.add(BINARY);
        if (runtime == AgentRuntime.GVISOR) {
            a.addAll(List.of("--ptrace", "--seccomp-rules", SECCOMP_RULES));
        }
        switch (role) {
            case EXEC -> a.add("--detached");
            case PID1_AFTER_PROXY -> a.addAll(List.of("--ready", LOG_DIR + "/" + READY_FILE));
            case PID1 -> { }
        }
        a.addAll(List.of("--uid", Integer.toString(uid), "--gid", Integer.toString(gid), "--log",
                rotation(stream, settings), "--"));
        a.addAll(command);
        return a;
    }

    /**
     * The agent's command for the container's PID 1: the recorder runs until every process it follows has ended, so
     * without this a background process the agent left behind would keep the session alive after the agent exits.
     * A shell of the agent's own user runs the command, then kills every process of that user (never the root
     * recorder, which it cannot signal) and exits with the command's code.
     */
    public static List<String> endingWithAgent(List<String> command) {
        List<String> a = new ArrayList<>(List.of("sh", "-c", "\"$@\"; rc=$?; kill -9 -1 2>/dev/null; exit $rc", "paude-agent"));
        a.addAll(command);
        return a;
    }

    /**
     * The recorder writes its lines into a pipe: split cuts the stream into whole-line parts of
     * {@link AuditSettings#chunkBytes()} and, before each new part, removes the oldest parts but the first so that
     * at most {@link AuditSettings#ROTATIONS} remain: the start of the stream (what the agent did first) and its
     * newest records. Before a part is removed, {@code STREAM.dropped} is rewritten with the running totals (one line:
     * the execs dropped, the time of the first and of the last record dropped, the parts dropped), so the audit
     * says what the cap dropped and from when. If this
     * pipe dies, the recorder ends, and with it the session (fail closed).
     */
    static String rotation(String stream, AuditSettings s) {
        String filter = CapLedger.removeOldest("ls -1 " + LOG_DIR + " | grep -E '^" + stream + "[.][0-9]+$'", LOG_DIR,
                LOG_DIR + "/" + stream + "." + DROPPED, "grep -c '^{\"ev\":\"exec\"' $p",
                "grep -o '\"t\":[0-9.]*' | head -n 1 | cut -d: -f2") + "; exec cat > \"$FILE\"";
        return "exec split -C " + s.chunkBytes() + " -d -a 6 --filter='" + filter.replace("'", "'\\''") + "' - "
                + LOG_DIR + "/" + stream + ".";
    }

    /** The suffix of the file that sums up the parts of a stream its cap removed: "EXECS FROM TO PARTS". */
    public static final String DROPPED = CapLedger.SUFFIX;
}
