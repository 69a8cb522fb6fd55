package io.paude.cli;

/**
 * The launcher's exit codes. {@code run} and {@code exec} otherwise exit with the code of the command they ran,
 * so paude's own failures use codes a command rarely does (as docker and podman do).
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** A check failed ({@code doctor}). */
    public static final int CHECK_FAILED = 1;
    /** Invalid input: a bad flag, allowlist entry, workspace or configuration. Nothing was created. */
    public static final int USAGE = 2;
    /** The sandbox could not be set up or the engine failed; whatever was created has been removed. */
    public static final int SANDBOX = 125;
    /** An unexpected internal error (a bug); rerun with --stacktrace. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
