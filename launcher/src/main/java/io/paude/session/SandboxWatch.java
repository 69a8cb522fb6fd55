package io.paude.session;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    /**
     * How long an exec that returned {@value #SANDBOX_LOST} waits for the engine to report the container's end: Docker's
     * and Podman's exec return 128 when the sandbox died under the command, and Docker may do so before it marks the
     * container stopped; the sandbox's end would then pass for the command's own code.
     */
    static final long SETTLE_MILLIS = 10_000;
    static final int SANDBOX_LOST = 128;
    /** Set once the container stopped while the command ran: its state, or a state-less "gone". */
    private final AtomicReference<Optional<ContainerState>> ended = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
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
                stopped.countDown();
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
     * null when it still runs. An exec that returned {@value #SANDBOX_LOST} by itself before the watch saw the end
     * waits up to {@link #SETTLE_MILLIS} for it (a command that exits 128 itself costs that wait, no more); then the
     * engine is asked once more. Any other code never waits.
     */
    Optional<ContainerState> ended(int code) {
        if (engine == null) {
            return null;
        }
        if (ended.get() == null && code == SANDBOX_LOST) {
            try {
                stopped.await(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Optional<ContainerState> end = ended.get();
        if (end == null) {
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
