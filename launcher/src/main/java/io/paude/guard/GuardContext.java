package io.paude.guard;

import io.paude.settings.GuardOptions;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a guard may know about the session: its name, directory and workspace, the user's paths and environment,
 * where to warn, and the guards' options of the session's settings ({@link GuardOptions}: the overrides the user asked
 * for, the secrets to pass, the backups to keep). Every override a guard honours must be warned about and recorded in
 * the session directory. {@code alongside} takes the checks that may run while the engine creates the sandbox
 * ({@link Alongside}).
 */
public record GuardContext(
        String session,
        Path sessionDir,
        Path workspace,
        StatePaths paths,
        Map<String, String> env,
        GuardOptions options,
        PrintWriter err,
        Alongside alongside) {

    public GuardContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(options, "options");
    }

    /** A context whose checks run in the caller's thread, in order (after a session; in tests). */
    public GuardContext(String session, Path sessionDir, Path workspace, StatePaths paths, Map<String, String> env,
            GuardOptions options, PrintWriter err) {
        this(session, sessionDir, workspace, paths, env, options, err, Alongside.inline());
    }

    public void warn(String message) {
        err.println("paude: warning: " + message);
        err.flush();
    }
}
