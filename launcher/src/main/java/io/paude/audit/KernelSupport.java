package io.paude.audit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the audit recorder needs of the kernel: seccomp user notification with the continue flag and a listener that
 * reports when its last process is gone (Linux 5.8), pidfds; and, for the exit status of a process its parent
 * reaped before the recorder looked, pidfd exit information (Linux 6.15). Pure: a kernel release string in.
 */
public final class KernelSupport {
    static final int[] REQUIRED = {5, 8};
    static final int[] EXIT_INFO = {6, 15};
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");

    private KernelSupport() {
    }

    /** Empty when the recorder can run on this release; else the problem. */
    public static Optional<String> problem(String release) {
        Matcher m = RELEASE.matcher(release.strip());
        if (!m.find()) {
            return Optional.of("kernel release '" + release.strip() + "' not understood");
        }
        if (!atLeast(m, REQUIRED)) {
            return Optional.of("kernel " + release.strip() + " is older than 5.8: the command audit recorder cannot run");
        }
        return Optional.empty();
    }

    /** True when every process's exit status is recorded, even after its parent reaped it. */
    public static boolean fullExitStatus(String release) {
        Matcher m = RELEASE.matcher(release.strip());
        return m.find() && atLeast(m, EXIT_INFO);
    }

    private static boolean atLeast(Matcher m, int[] v) {
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > v[0] || major == v[0] && minor >= v[1];
    }
}
