package io.paude.session;

import io.paude.Background;
import io.paude.audit.Recorder;
import io.paude.gateway.CredentialSource;
import io.paude.gateway.GatewayKeeper;
import io.paude.guard.Alongside;
import io.paude.guard.Guards;
import io.paude.policy.PolicyException;
import io.paude.runtime.ContainerEngine;
import io.paude.secrets.MaskWatch;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The choreography of a start, {@code paude run} in the foreground and {@code paude start} detached: provisioned by
 * the {@link Provisioner}, the agent's command released once the proxy is ready and the guards' checks passed, and
 * every exit path (a refusal, an engine error, the agent's end, Ctrl-C and SIGTERM through the shutdown hook, a proxy
 * that dies) ending in the {@link Teardown} with the reason told.
 */
final class SessionLauncher {
    private final ContainerEngine engine;
    private final StatePaths paths;
    private final PrintWriter err;
    private final Guards guards;
    private final ShutdownHooks hooks;
    private final Provisioner provisioner;
    private final Teardown teardown;

    SessionLauncher(ContainerEngine engine, StatePaths paths, PrintWriter err, Guards guards, ShutdownHooks hooks,
            Provisioner provisioner, Teardown teardown) {
        this.engine = engine;
        this.paths = paths;
        this.err = err;
        this.guards = guards;
        this.hooks = hooks;
        this.provisioner = provisioner;
        this.teardown = teardown;
    }

    /**
     * Runs the agent (or the policy's command) in a new sandbox in the foreground and removes it afterwards. The
     * agent's container starts while the proxy does and while the guards' checks run ({@link Alongside}); its recorder
     * starts the agent's command only once {@link #awaitProxy} has seen the proxy ready, the checks passed, and
     * {@link SessionDir#releaseAgent} said so. A proxy that never gets ready, or a check that refuses the start, stops
     * the agent's container before its command ran, and that is what the user is told.
     */
    int run(LaunchOptions options) {
        Provisioner.Session s = provisioner.provision(options, false);
        ProxyWatch watch = s.plan().proxy().map(p -> new ProxyWatch(engine, p.name(), s.dir().audit(), err)).orElse(null);
        Thread hook = new Thread(() -> teardown.remove(s.plan(), watch), "paude-teardown");
        hooks.add(hook);
        AtomicReference<RuntimeException> notReady = new AtomicReference<>();
        AtomicReference<MaskWatch> maskWatch = new AtomicReference<>();
        AtomicReference<GatewayKeeper> keeper = new AtomicReference<>(GatewayKeeper.none());
        try {
            CompletableFuture<Void> readiness = Background.run("paude-proxy-ready", () -> {
                try {
                    awaitProxy(s);
                    keeper.set(openGateway(s)); // the credential is in the proxy before the agent's command starts
                    s.ctx().alongside().await(); // the guards' checks: a refusal removes the agent before its command ran
                    if (s.plan().proxy().isPresent()) {
                        s.dir().releaseAgent();
                    }
                    if (watch != null) {
                        watch.start();
                    }
                    maskWatch.set(MaskWatch.start(s.plan().session(), s.dir().path(), s.ctx().workspace(), err));
                } catch (RuntimeException e) {
                    notReady.set(e);
                    try {
                        engine.removeContainers(List.of(s.plan().agent().name())); // the agent's command never started
                    } catch (RuntimeException alreadyGone) {
                        // the teardown removes it
                    }
                }
            });
            int code;
            try {
                code = engine.startAttached(s.plan().agent());
            } finally {
                readiness.join(); // it ends soon either way: the proxy gets ready, fails, or is removed
                if (notReady.get() == null && watch != null) {
                    watch.stop();
                }
                if (maskWatch.get() != null) {
                    maskWatch.get().stop();
                }
                keeper.get().close();
            }
            if (notReady.get() != null) {
                throw notReady.get();
            }
            OomReport.afterRun(engine, s.plan().agent().name(), code, options.settings().policy().limits().memoryMiB(), err);
            if (!s.dir().audit().ended(Recorder.MAIN)) {
                err.println("paude: the audit recorder of session " + s.plan().session() + " stopped before the agent "
                        + "ended; the session was stopped with it (fail closed). The log so far: 'paude audit "
                        + s.plan().session() + "'.");
                err.flush();
            }
            return code;
        } catch (RuntimeException e) {
            if (notReady.get() != null && notReady.get() != e) {
                notReady.get().addSuppressed(e);
                throw notReady.get(); // why the agent's container stopped, rather than how it ended
            }
            throw e;
        } finally {
            if (notReady.get() instanceof PolicyException) {
                teardown.remove(s.plan()); // a check refused the start: the agent's command never ran, nothing is left
                s.dir().delete();
            } else {
                guards.afterSession(s.ctx(), () -> teardown.remove(s.plan(), watch));
            }
            try {
                hooks.remove(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; the teardown is idempotent
            }
        }
    }

    /** Starts a sandbox whose agent idles until commands arrive through {@code paude exec}; returns the session name. */
    String start(LaunchOptions options) {
        Provisioner.Session s = provisioner.provision(options, true);
        try {
            awaitProxy(s);
            openGateway(s).close(); // delivered once; each 'paude exec' renews an expiring one
            engine.start(s.plan().agent().name());
            return s.plan().session();
        } catch (RuntimeException e) {
            teardown.remove(s.plan());
            throw e;
        }
    }

    /** Waits until the session's proxy has started and accepts connections; nothing to wait for without a proxy. */
    private void awaitProxy(Provisioner.Session s) {
        if (s.plan().proxy().isEmpty()) {
            return;
        }
        Background.join(s.proxyStarted());
        ProxyReadiness.await(engine, s.plan().proxy().get().name(), s.dir().cacheLog());
    }

    /**
     * Gives the session's model gateway its credential, once the proxy runs and before the agent's command can start;
     * the returned keeper renews an expiring one while this process runs. Nothing to do without a gateway.
     */
    private GatewayKeeper openGateway(Provisioner.Session s) {
        if (s.gateway().isEmpty() || s.plan().proxy().isEmpty()) {
            return GatewayKeeper.none();
        }
        CredentialSource source = CredentialSource.of(s.gateway().get(), s.ctx().env(), paths.home());
        return GatewayKeeper.start(engine, s.plan().proxy().get().name(), source, err);
    }
}
