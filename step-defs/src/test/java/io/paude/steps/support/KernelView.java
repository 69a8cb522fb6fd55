package io.paude.steps.support;

/**
 * What the agent's kernel shows of a process differs under gVisor (the gVisor pass, {@link Engine#RUNTIME}): its
 * /proc/PID/status has no CapAmb, NoNewPrivs or Seccomp_filters lines. The steps then read the same facts another way.
 */
public final class KernelView {
    /** The agent's kernel is gVisor's in this pass. */
    public static final boolean GVISOR = Engine.RUNTIME.equals("runsc");
    /** Prints 1 when no-new-privileges is set for the calling process: prctl(PR_GET_NO_NEW_PRIVS), on any kernel. */
    public static final String NO_NEW_PRIVS = "python3 -c 'import ctypes; print(ctypes.CDLL(None).prctl(39, 0, 0, 0, 0))'";

    private KernelView() {
    }

    /**
     * The reason a refusal shows for {@code linuxReason}: gVisor's kernel checks a file's owner and a directory's
     * permission before the mount's read-only flag, so a write the agent may not make anyway is refused with
     * "Permission denied" or "Operation not permitted" there, where Linux says "Read-only file system". The read-only
     * mount itself is what the engine reports (checked apart) and a world-writable directory shows it on both.
     */
    public static java.util.regex.Pattern reason(String linuxReason) {
        String quoted = java.util.regex.Pattern.quote(linuxReason);
        return java.util.regex.Pattern.compile(GVISOR && linuxReason.equals("Read-only file system")
                ? quoted + "|Permission denied|Operation not permitted" : quoted);
    }
}
