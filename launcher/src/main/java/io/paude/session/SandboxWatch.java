package io.paude.session;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's container while a {@code paude exec} runs in it under gVisor. There the host's OOM killer sees gVisor's
 * kernel as one process: a command that reaches the memory limit ends the whole sandbox, and the engine's exec then
 * waits forever on a sandbox that is gone (Docker: "urpc method containerManager.WaitPID failed: EOF"). This watch
 * waits for the container to stop ({@link ContainerEngine#awaitStop}, one engine process, no polling); when it does
 * while the command runs, it interrupts the exec's thread, which ends the engine's exec ({@code EngineCli.attached}),
 * and {@link #ended} says how the sandbox ended. On the default runtime the exec returns by itself: no watch.
 */
final class SandboxWatch implements AutoCloseable {
    private static final SandboxWatch NONE = new SandboxWatch();
    /** Set once the container stopped while the command ran: its state, or a state-less "gone". */
    private final AtomicReference<Optional<ContainerState>> ended = new AtomicReference<>();
    private final ContainerEngine engine;
    private final String agent;
    private final Thread watcher;
    private final Thread execThread;
    private volatile boolean closing;

    private SandboxWatch() {
        engine = null;
        agent = null;
        watcher = null;
        execThread = null;
    }

    private SandboxWatch(ContainerEngine engine, String agent) {
        this.engine = engine;
        this.agent = agent;
        execThread = Thread.currentThread();
        watcher = new Thread(() -> {
            Optional<ContainerState> state = engine.awaitStop(agent);
            if (!closing && !Thread.currentThread().isInterrupted()) {
                ended.set(state);
                execThread.interrupt();
            }
        }, "paude-sandbox-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Watches {@code agent} for the calling thread, which then runs the exec; {@link #none} when {@code watch} is false. */
    static SandboxWatch start(ContainerEngine engine, String agent, boolean watch) {
        return watch ? new SandboxWatch(engine, agent) : NONE;
    }

    static SandboxWatch none() {
        return NONE;
    }

    /**
     * After the exec: the agent's end when its container stopped while the command ran (an empty state: it is gone),
     * null when it still runs. An engine whose exec returned by itself (Podman returns 128) before the watch saw the
     * end is asked once more.
     */
    Optional<ContainerState> ended() {
        Optional<ContainerState> end = ended.get();
        if (end == null && engine != null) {
            Optional<ContainerState> now = engine.state(agent);
            if (now.isEmpty() || !now.get().running()) {
                end = now;
            }
        }
        return end;
    }

    @Override
    public void close() {
        if (watcher == null) {
            return;
        }
        closing = true;
        watcher.interrupt();
        try {
            watcher.join(10_000);
        } catch (InterruptedException e) {
            // the watch's own interrupt, arriving while we wait for it: cleared below
        }
        Thread.interrupted(); // the watch's interrupt has done its work (ended the exec): the caller goes on normally
    }
}
