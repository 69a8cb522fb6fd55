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
    /**
     * A guard refused the start ({@link io.paude.policy.Refusal}): secrets the agent could read, plugins or a project
     * file not approved, a workspace that holds the host's state, limits the engine cannot enforce. The input was valid; nothing was created. 77 is
     * sysexits' EX_NOPERM, which few commands use.
     */
    public static final int REFUSED = 77;
    /** The sandbox could not be set up or the engine failed; whatever was created has been removed. */
    public static final int SANDBOX = 125;
    /** An unexpected internal error (a bug); rerun with --stacktrace. */
    public static final int INTERNAL = 70;

    /**
     * The "Exit codes" section of the help of every command that starts a session: one constant (picocli's footer is
     * an annotation), its lines separated by picocli's %n.
     */
    static final String SESSION_HELP = "%nExit codes: the command's own when it ran (run, demo); else%n"
            + "  0   ok%n"
            + "  2   invalid input: a flag, an allowlist entry, the workspace, the config%n"
            + "  77  refused by a guard: secrets found, a plugin or paude.json not approved,%n"
            + "      a workspace that holds the host's state (the message names the fix)%n"
            + "  125 the sandbox could not be set up%n"
            + "  70  internal error (a bug: rerun with --stacktrace)%n"
            + "  On 2, 77 and 125 nothing is left behind.";

    private ExitCodes() {
    }
}
