package io.paude.session;

import io.paude.audit.AuditLog;
import io.paude.audit.Recorder;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The proxy while the agent of {@code paude run} works. It reports a proxy that dies: the agent is then offline (its
 * only route was the proxy), and the user is told why instead of seeing unexplained connection errors. And it removes
 * the proxy as soon as the agent's command has ended (its recorder wrote the end of the session's main stream, just
 * before it exits), while the engine still cleans up the agent's container: the removal of the session then waits only
 * for what is left. Nothing depends on it: the teardown removes whatever is still there.
 */
final class ProxyWatch {
    private static final long STATE_EVERY_MS = 1000;
    private static final long CHECK_GAP_MS = 10;

    /** WATCHING until the agent's end (this watch then takes the proxy: REMOVING, REMOVED or NOT_REMOVED) or {@link #stop}. */
    private enum Phase { WATCHING, STOPPED, REMOVING, REMOVED, NOT_REMOVED }

    private final ContainerEngine engine;
    private final String proxy;
    private final AuditLog audit;
    private final PrintWriter err;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WATCHING);
    private Thread thread;

    ProxyWatch(ContainerEngine engine, String proxy, AuditLog audit, PrintWriter err) {
        this.engine = engine;
        this.proxy = proxy;
        this.audit = audit;
        this.err = err;
    }

    void start() {
        thread = new Thread(this::watch, "paude-proxy-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops watching; a removal already under way goes on (see {@link #removing}). */
    void stop() {
        if (phase.compareAndSet(Phase.WATCHING, Phase.STOPPED) && thread != null) {
            thread.interrupt();
        }
    }

    /** True when this watch took the proxy to remove it: the teardown then leaves it out and {@link #awaitRemoval}s. */
    boolean removing() {
        Phase p = phase.get();
        return p == Phase.REMOVING || p == Phase.REMOVED || p == Phase.NOT_REMOVED;
    }

    /** Waits for the removal this watch began; true when the proxy is gone (false: the teardown removes it). */
    boolean awaitRemoval() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return phase.get() == Phase.REMOVED;
    }

    private void watch() {
        // The raw directory's changes wake this thread (inotify), so nothing is read while the agent is idle; where no
        // watch can be set (inotify's limits), it looks once a second.
        WatchService changes = changes();
        try {
            long nextState = System.currentTimeMillis() + STATE_EVERY_MS;
            boolean look = true; // whatever was written before the watch was set
            while (phase.get() == Phase.WATCHING) {
                if (look) {
                    if (agentEnded()) {
                        removeProxy();
                        return;
                    }
                    Thread.sleep(CHECK_GAP_MS); // a busy agent writes a line per exec: one look per gap is enough
                }
                long wait = Math.max(1, nextState - System.currentTimeMillis());
                WatchKey key = null;
                if (changes == null) {
                    Thread.sleep(wait);
                } else {
                    key = changes.poll(wait, TimeUnit.MILLISECONDS);
                }
                look = key != null;
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
                if (System.currentTimeMillis() >= nextState) {
                    nextState = System.currentTimeMillis() + STATE_EVERY_MS;
                    look |= changes == null;
                    if (!proxyRuns()) {
                        return;
                    }
                }
            }
        } catch (InterruptedException stopped) {
            // the agent ended and the teardown removes the proxy
        } finally {
            close(changes);
        }
    }

    /** A watch on the session's raw audit directory, or null where none can be set. */
    private WatchService changes() {
        WatchService w = null;
        try {
            w = FileSystems.getDefault().newWatchService();
            audit.dir().resolve(AuditLog.RAW_DIR).register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            return w;
        } catch (IOException noWatch) {
            close(w);
            return null;
        }
    }

    private boolean agentEnded() {
        try {
            return audit.ended(Recorder.MAIN);
        } catch (RuntimeException unreadable) {
            return false; // the teardown removes the proxy; the end of the run says what became of the log
        }
    }

    private static void close(WatchService w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // nothing was kept open by it that matters
            }
        }
    }

    private boolean proxyRuns() {
        Optional<ContainerState> s;
        try {
            s = engine.state(proxy);
        } catch (RuntimeException e) {
            return true;
        }
        if (phase.get() == Phase.WATCHING && (s.isEmpty() || !s.get().running())) {
            err.println("paude: the proxy of this session " + s.map(ContainerState::describe).orElse("is gone")
                    + "; the agent is now offline (fail closed). Its log: " + proxy);
            err.flush();
            return false;
        }
        return true;
    }

    private void removeProxy() {
        if (!phase.compareAndSet(Phase.WATCHING, Phase.REMOVING)) {
            return;
        }
        try {
            engine.removeContainers(List.of(proxy));
            phase.set(Phase.REMOVED);
        } catch (RuntimeException leftForTheTeardown) {
            phase.set(Phase.NOT_REMOVED);
        }
    }
}
