package io.paude.session;

import io.paude.guard.Guards;
import io.paude.plan.ImageRefs;
import io.paude.runtime.ContainerEngine;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The session package's entry for the commands, over one engine: a start ({@link SessionLauncher}: {@code paude run},
 * {@code paude start}), a command in a running session ({@link SessionExec}), and the sessions the engine holds
 * ({@link Sessions}: list, stop, prune). It only wires them.
 */
public final class SessionService {
    private final SessionLauncher launcher;
    private final SessionExec exec;
    private final Sessions sessions;

    public SessionService(ContainerEngine engine, StatePaths paths, ImageRefs images, PrintWriter err, RandomGenerator random,
            Guards guards) {
        this(engine, paths, images, err, random, guards, ShutdownHooks.jvm());
    }

    SessionService(ContainerEngine engine, StatePaths paths, ImageRefs images, PrintWriter err, RandomGenerator random,
            Guards guards, ShutdownHooks hooks) {
        Teardown teardown = new Teardown(engine, err);
        Provisioner provisioner = new Provisioner(engine, paths, images, err, random, guards, teardown);
        this.launcher = new SessionLauncher(engine, paths, err, guards, hooks, provisioner, teardown);
        this.exec = new SessionExec(engine, paths, err, random);
        this.sessions = new Sessions(engine, paths, guards, err);
    }

    /** Runs the agent in a new sandbox in the foreground and removes the sandbox afterwards; returns its exit code. */
    public int run(LaunchOptions options) {
        return launcher.run(options);
    }

    /** Starts a sandbox whose agent idles until commands arrive through {@link #exec}; returns the session name. */
    public String start(LaunchOptions options) {
        return launcher.start(options);
    }

    /** Runs a command in a running session's agent, recorded; returns its exit code. */
    public int exec(String session, List<String> command, boolean stdin, boolean tty) {
        return exec.exec(session, command, stdin, tty);
    }

    /** Removes every container and network of a session; false when there was none. */
    public boolean stop(String session) {
        return sessions.stop(session);
    }

    public List<SessionInfo> list() {
        return sessions.list();
    }

    /** Removes what crashed launchers left behind (with {@code all}, every session); returns the sessions removed. */
    public List<String> prune(boolean all) {
        return sessions.prune(all);
    }
}
