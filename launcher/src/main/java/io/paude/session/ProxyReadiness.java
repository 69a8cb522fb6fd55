package io.paude.session;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import io.paude.runtime.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Waits until squid accepts connections; the agent's command never starts before (Recorder.Role.PID1_AFTER_PROXY).
 * Squid says so in its cache log, which the session directory holds: the launcher reads that file every few
 * milliseconds instead of asking the engine, and asks the engine only whether the proxy still runs.
 */
final class ProxyReadiness {
    /** What squid writes to its cache log once it listens. */
    static final String READY = "Accepting HTTP Socket connections";
    private static final long TIMEOUT_MS = 30_000;
    private static final long PAUSE_MS = 5;
    private static final long STATE_EVERY_MS = 250;

    private ProxyReadiness() {
    }

    static void await(ContainerEngine engine, String proxy, Path cacheLog) {
        long start = System.currentTimeMillis();
        long deadline = start + TIMEOUT_MS;
        long nextState = start + STATE_EVERY_MS;
        while (System.currentTimeMillis() < deadline) {
            if (ready(cacheLog)) {
                return;
            }
            if (System.currentTimeMillis() >= nextState) {
                nextState = System.currentTimeMillis() + STATE_EVERY_MS;
                Optional<ContainerState> state = engine.state(proxy);
                if (state.isEmpty()) {
                    throw new EngineException("the proxy was removed before it was ready", "the agent was not started; start the session again");
                }
                if (!state.get().running() && !"created".equals(state.get().status()) && !ready(cacheLog)) {
                    throw new EngineException("the proxy " + state.get().describe() + " before it was ready; its log:\n" + log(engine, proxy, cacheLog),
                            "the agent was not started; check the allowlist and 'paude doctor'");
                }
            }
            sleep(PAUSE_MS);
        }
        throw new EngineException("the proxy was not ready after " + TIMEOUT_MS / 1000 + " s; its log:\n" + log(engine, proxy, cacheLog),
                "the agent was not started; check 'paude doctor'");
    }

    private static boolean ready(Path cacheLog) {
        try {
            return Files.readString(cacheLog, StandardCharsets.ISO_8859_1).contains(READY);
        } catch (IOException notYet) {
            return false;
        }
    }

    /** What squid said: its cache log and whatever else it printed (the engine's log of the container). */
    private static String log(ContainerEngine engine, String proxy, Path cacheLog) {
        String file;
        try {
            file = Files.readString(cacheLog, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            file = "";
        }
        String engineLog;
        try {
            engineLog = engine.logs(proxy);
        } catch (RuntimeException gone) {
            engineLog = "";
        }
        return (file.strip() + "\n" + engineLog.strip()).strip();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting for the proxy", "start the session again");
        }
    }
}
