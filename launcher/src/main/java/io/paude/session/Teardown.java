package io.paude.session;

import io.paude.Measure;
import io.paude.plan.SandboxPlan;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what a start created: the agent, the proxy and the internal network with its host isolation. Every exit
 * path of a start ends here (a refusal, an engine error, the agent's end, Ctrl-C and SIGTERM through the shutdown
 * hook); it is idempotent, so the hook and the normal end may both run it.
 */
record Teardown(ContainerEngine engine, PrintWriter err) {
    void remove(SandboxPlan plan) {
        remove(plan, null);
    }

    /** Removes the session; a proxy that {@code watch} (if any) is removing already is waited for, not removed twice. */
    void remove(SandboxPlan plan, ProxyWatch watch) {
        if (!Measure.SESSION_TEARDOWN.enforced()) {
            return; // the mutation pass's launcher only
        }
        List<String> containers = new ArrayList<>();
        containers.add(plan.agent().name());
        boolean proxyByWatch = watch != null && watch.removing();
        if (!proxyByWatch) {
            plan.proxy().ifPresent(p -> containers.add(p.name()));
        }
        try {
            engine.removeContainers(containers);
            if (proxyByWatch && !watch.awaitRemoval()) {
                engine.removeContainers(List.of(plan.proxy().orElseThrow().name()));
            }
            plan.internalNetwork().ifPresent(n -> {
                engine.releaseHostIsolation(n.name());
                engine.removeNetworks(List.of(n.name()));
            });
        } catch (EngineException e) {
            err.println("paude: could not remove session " + plan.session() + ": " + e.getMessage()
                    + "\n  fix: run 'paude stop " + plan.session() + "' or 'paude prune'");
        }
    }
}
