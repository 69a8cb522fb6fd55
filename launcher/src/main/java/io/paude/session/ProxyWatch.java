package io.paude.session;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Reports a proxy that dies while the agent runs. The agent is then offline (its only route was the proxy); the
 * user is told why instead of seeing unexplained connection errors.
 */
final class ProxyWatch {
    private final ContainerEngine engine;
    private final String proxy;
    private final PrintWriter err;
    private volatile boolean running = true;
    private Thread thread;

    ProxyWatch(ContainerEngine engine, String proxy, PrintWriter err) {
        this.engine = engine;
        this.proxy = proxy;
        this.err = err;
    }

    void start() {
        thread = new Thread(this::watch, "paude-proxy-watch");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    private void watch() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            Optional<ContainerState> s;
            try {
                s = engine.state(proxy);
            } catch (RuntimeException e) {
                continue;
            }
            if (running && (s.isEmpty() || !s.get().running())) {
                err.println("paude: the proxy of this session " + s.map(ContainerState::describe).orElse("is gone")
                        + "; the agent is now offline (fail closed). Its log: " + proxy);
                err.flush();
                return;
            }
        }
    }
}
