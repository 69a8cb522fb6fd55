package io.paude.session;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import io.paude.runtime.EngineException;
import java.util.Optional;

/** Waits until squid accepts connections; the agent is never started before. */
final class ProxyReadiness {
    private static final long TIMEOUT_MS = 30_000;

    private ProxyReadiness() {
    }

    static void await(ContainerEngine engine, String proxy) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        long pause = 20;
        while (System.currentTimeMillis() < deadline) {
            String logs = engine.logs(proxy);
            if (logs.contains(SessionService.PROXY_READY)) {
                return;
            }
            Optional<ContainerState> state = engine.state(proxy);
            if (state.isPresent() && !state.get().running() && !"created".equals(state.get().status())) {
                throw new EngineException("the proxy " + state.get().describe() + " before it was ready; its log:\n" + logs.strip(),
                        "the agent was not started; check the allowlist and 'paude doctor'");
            }
            sleep(pause);
            pause = Math.min(200, pause * 2);
        }
        throw new EngineException("the proxy was not ready after " + TIMEOUT_MS / 1000 + " s; its log:\n" + engine.logs(proxy).strip(),
                "the agent was not started; check 'paude doctor'");
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
