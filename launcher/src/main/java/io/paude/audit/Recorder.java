package io.paude.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the audit recorder: strace, as root, follows every process the agent starts and writes each
 * execve to a log the agent cannot reach; setpriv then drops to the agent's uid/gid with an empty bounding set
 * before the agent's program runs. The tracer attaches while its child is still root, so no CAP_SYS_PTRACE is
 * needed, and the agent (another uid, no capabilities, no-new-privileges) can neither signal nor trace it.
 * Pure: the planner and the session service put it in front of the agent's command and of every exec.
 */
public final class Recorder {
    /**
     * What the recorder needs, and nothing more: SETUID and SETGID for setpriv to become the agent's uid/gid,
     * SETPCAP to empty the bounding set. Root keeps them only in the recorder; the agent process holds none.
     */
    public static final List<String> CAPABILITIES = List.of("SETUID", "SETGID", "SETPCAP");
    /** A root-owned 0700 tmpfs: the agent cannot even look inside, whatever the mounted directory's mode is. */
    public static final String PARENT = "/run/paude-audit";
    /** Where the session's raw-log directory of the host is mounted. */
    public static final String LOG_DIR = PARENT + "/log";
    /** The stream of the container's main process; every {@code paude exec} gets its own stream. */
    public static final String MAIN = "main";
    /**
     * The system calls followed: execve/execveat (what ran), clone/fork/vfork (who started it), chdir/fchdir (where).
     * seccomp-bpf stops the agent only on these, not on every system call. Signals are shown except SIGCHLD (one
     * per process end, noise); strace reports "killed by SIGx" only for signals it shows.
     */
    static final String SYSCALLS = "execve,execveat,chdir,fchdir,clone,clone3,fork,vfork";

    private Recorder() {
    }

    /**
     * {@code command} run as {@code uid:gid} under the recorder, its log in stream {@code stream}.
     *
     * @param detached false for the container's PID 1: strace is the parent, and its death ends the container.
     *                 True for {@code paude exec}: strace runs as a detached grandchild ({@code -DDD}) so the exec
     *                 returns when the command does, while the recorder keeps following whatever it left running
     *                 (daemons included); the command never runs before the recorder is attached.
     */
    public static List<String> wrap(String stream, int uid, int gid, AuditSettings settings, List<String> command,
            boolean detached) {
        if (!stream.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bad stream name " + stream);
        }
        List<String> a = new ArrayList<>(List.of("strace"));
        if (detached) {
            a.add("-DDD");
        }
        a.addAll(List.of("-f", "--seccomp-bpf", "-q", "-ttt", "-s", "4096", "-y", "-e", "signal=!SIGCHLD",
                "-e", "trace=" + SYSCALLS, "-o", "|" + rotation(stream, settings),
                "--", "setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--bounding-set=-all",
                "--inh-caps=-all", "--"));
        a.addAll(command);
        return a;
    }

    /**
     * The agent's command for the container's PID 1: strace runs until every process it follows has ended, so
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
     * strace cannot rotate its output, so it writes into a pipe: split cuts the stream into whole-line parts of
     * {@link AuditSettings#chunkBytes()} and, before each new part, removes the stream's oldest parts so that at most
     * {@link AuditSettings#ROTATIONS} remain. If this pipe dies, strace dies, and with it the session (fail closed).
     */
    static String rotation(String stream, AuditSettings s) {
        String keepOld = Integer.toString(AuditSettings.ROTATIONS - 1);
        String filter = "ls -1 " + LOG_DIR + " | grep -E '^" + stream + "[.][0-9]+$' | sort | head -n -" + keepOld
                + " | while read -r f; do rm -f " + LOG_DIR + "/$f; done; exec cat > \"$FILE\"";
        return "exec split -C " + s.chunkBytes() + " -d -a 6 --filter='" + filter.replace("'", "'\\''") + "' - "
                + LOG_DIR + "/" + stream + ".";
    }
}
