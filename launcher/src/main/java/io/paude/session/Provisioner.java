package io.paude.session;

import io.paude.Background;
import io.paude.guard.Alongside;
import io.paude.guard.GuardContext;
import io.paude.guard.Guards;
import io.paude.plan.ContainerSpec;
import io.paude.plan.ImageRefs;
import io.paude.plan.NetworkSpec;
import io.paude.plan.Planner;
import io.paude.plan.SandboxPlan;
import io.paude.plan.SessionContext;
import io.paude.plan.Subnet;
import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import io.paude.policy.ModelGateway;
import io.paude.policy.NetworkMode;
import io.paude.policy.PolicyException;
import io.paude.policy.SandboxPolicy;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineException;
import io.paude.runtime.EngineFacts;
import io.paude.runtime.NameResolution;
import io.paude.settings.Settings;
import io.paude.state.StatePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The start-up of a session up to its agent's command: the guards' checks, the engine's checks, the session's
 * directory, network, proxy and agent container, all created in the order the guarantees need and partly at the same
 * time (start-up time is measured: bench/startup.sh). The plan is made once, after the guards, for the subnet the
 * network got. A start that fails here removes what it created ({@link Teardown}); a refused one also its directory.
 */
final class Provisioner {
    private static final int SUBNET_TRIES = 8;

    private final ContainerEngine engine;
    private final StatePaths paths;
    private final ImageRefs images;
    private final PrintWriter err;
    private final RandomGenerator random;
    private final Guards guards;
    private final Teardown teardown;

    Provisioner(ContainerEngine engine, StatePaths paths, ImageRefs images, PrintWriter err, RandomGenerator random,
            Guards guards, Teardown teardown) {
        this.engine = engine;
        this.paths = paths;
        this.images = images;
        this.err = err;
        this.random = random;
        this.guards = guards;
        this.teardown = teardown;
    }

    /** A provisioned session; {@code proxyStarted} completes when the engine has started its proxy (or at once). */
    record Session(SandboxPlan plan, GuardContext ctx, SessionDir dir, CompletableFuture<Void> proxyStarted,
            Optional<ModelGateway> gateway) {
    }

    /** The session's context and the internal network created for it (labelled as the plan labels it), if any. */
    private record SessionNetwork(SessionContext context, Optional<NetworkSpec> spec) {
    }

    Session provision(LaunchOptions options, boolean detached) {
        Settings settings = options.settings();
        SandboxPolicy policy = settings.policy();
        // before anything is created: a rootless engine on cgroup v1 would drop the limits (fail closed)
        boolean limitsEnforced = engine.facts().requireEnforcedLimits(settings.acceptUnenforcedLimits(), err);
        String egress = settings.egressNetwork() != null ? settings.egressNetwork() : engine.kind().defaultNetwork();
        String name = "paude-" + HexFormat.of().toHexDigits(random.nextInt());
        SessionDir dir = SessionDir.create(paths, name);
        GuardContext ctx = new GuardContext(name, dir.path(), policy.workspace(), paths, System.getenv(), settings.guards(),
                err, Alongside.threads());
        int[] ids = agentIds(policy.workspace());
        long launcher = ProcessHandle.current().pid();
        Function<Subnet, SessionContext> context = subnet -> new SessionContext(name, subnet, images.agent(), images.proxy(),
                egress, dir.proxyConfig(), dir.proxyLog(), dir.agentConfig(), ids[0], ids[1], options.stdin(), options.tty(),
                detached, dir.auditDir(), settings.audit(), settings.proxyDns(), settings.privateDestinations(),
                settings.runtime(), launcher);
        // The session's network depends on nothing that is checked or decided below (its name and a free subnet), so
        // the engine creates it meanwhile; the retention of old sessions' logs runs meanwhile too.
        SandboxPolicy requested = policy;
        CompletableFuture<SessionNetwork> network = Background.start("paude-network", () -> createNetwork(requested, context));
        CompletableFuture<Void> retention = Background.run("paude-retention", () -> {
            Set<String> live = Sessions.live(engine);
            live.add(name);
            SessionDir.pruneOld(paths, settings.audit(), live, err);
        });
        // The engine's checks only read, as the guards' do: they run beside the guards.
        boolean filtered = policy.network() == NetworkMode.FILTERED;
        CompletableFuture<Void> engineChecks = Background.run("paude-engine-checks",
                () -> engineChecks(filtered, settings.egressNetwork(), egress));
        try {
            policy = guards.beforeStart(policy, ctx);
            Background.join(engineChecks);
            Background.join(retention);
        } catch (RuntimeException refused) {
            ctx.alongside().awaitQuietly();
            retention.exceptionally(e -> null).join();
            removeNetwork(network);
            dir.delete(); // the agent never ran: a refused start leaves nothing behind
            Throwable engineFailed = engineChecks.handle((ok, e) -> e).join(); // as the check threw it
            if (engineFailed instanceof RuntimeException engineFirst && engineFirst != refused) {
                engineFirst.addSuppressed(refused);
                throw engineFirst; // a missing image or engine first: nothing can start without them
            }
            throw refused;
        }
        err.println("paude: limits: " + policy.limits().describe());
        if (settings.runtime() != AgentRuntime.DEFAULT) {
            err.println("paude: runtime: " + settings.runtime().describe());
        }
        err.flush();
        return create(policy, network, ctx, dir, ids, limitsEnforced, settings.audit());
    }

    /** Plans the session once (for the network's subnet) and has the engine create it. */
    private Session create(SandboxPolicy policy, CompletableFuture<SessionNetwork> network, GuardContext ctx, SessionDir dir,
            int[] ids, boolean limitsEnforced, AuditSettings audit) {
        SandboxPlan plan = null;
        CompletableFuture<Void> proxyStarted = CompletableFuture.completedFuture(null);
        try {
            SessionNetwork net = Background.join(network);
            plan = Planner.plan(policy, net.context());
            if (!plan.internalNetwork().equals(net.spec())) {
                throw new IllegalStateException("a guard changed the session network after it was created");
            }
            dir.writeRecord(plan, policy, engine.kind().id(), ids, audit, limitsEnforced);
            dir.writeAgentFiles(plan);
            if (plan.proxy().isPresent()) {
                dir.writeProxyFiles(plan);
                proxyStarted = startProxy(plan);
            }
            createAgent(plan.agent());
            if (net.context().detached() || plan.proxy().isEmpty()) {
                ctx.alongside().await(); // the guards' checks (git backup, secrets scan) end before the agent can start
            } // else the recorder holds the agent's command until the run has awaited them (SessionDir.releaseAgent)
            return new Session(plan, ctx, dir, proxyStarted, policy.model().gateway());
        } catch (RuntimeException e) {
            ctx.alongside().awaitQuietly();
            try {
                proxyStarted.join(); // no start may reach the engine after the teardown
            } catch (RuntimeException ignored) {
                // the first failure is the one reported
            }
            if (plan != null) {
                teardown.remove(plan);
            } else {
                removeNetwork(network);
            }
            if (e instanceof PolicyException) {
                dir.delete(); // a check refused the start: the agent never ran, nothing is left behind
            }
            throw e;
        }
    }

    /** The images are there, and the egress network the user named exists (and whether names resolve on it). */
    private void engineChecks(boolean filtered, String namedEgress, String egress) {
        var agentImage = Background.start("paude-image-check", () -> engine.imageExists(images.agent()));
        boolean proxyImage = !filtered || engine.imageExists(images.proxy());
        requireImage(images.agent(), Background.join(agentImage));
        requireImage(images.proxy(), proxyImage);
        if (namedEgress != null) {
            boolean resolves = engine.namesResolveOn(egress).orElseThrow(() -> new EngineException(
                    "egress network '" + egress + "' does not exist",
                    "create it ('" + engine.kind().executable() + " network create " + egress + "') or omit --egress-network"));
            NameResolution.egressWarning(engine.kind(), egress, resolves).ifPresent(w -> err.println("paude: warning: " + w));
        }
    }

    /**
     * Creates the session's network on a free subnet (a random one, then others while the engine reports them taken).
     * No network for a session without one (network mode "none", "open").
     */
    private SessionNetwork createNetwork(SandboxPolicy policy, Function<Subnet, SessionContext> context) {
        for (int attempt = 0; attempt < SUBNET_TRIES; attempt++) {
            SessionContext sctx = context.apply(Subnet.random(random));
            Optional<NetworkSpec> net = Planner.network(policy, sctx);
            if (net.isEmpty()) {
                return new SessionNetwork(sctx, net);
            }
            if (engine.createNetwork(net.get())) {
                engine.isolateFromHost(net.get().name());
                return new SessionNetwork(sctx, net);
            }
        }
        throw new EngineException("no free subnet for the session network after " + SUBNET_TRIES + " tries",
                "remove stale networks with 'paude prune'");
    }

    /** Removes the network {@link #createNetwork} made, once it is made (a start that failed before its plan). */
    private void removeNetwork(CompletableFuture<SessionNetwork> network) {
        Optional<NetworkSpec> spec;
        try {
            spec = Background.join(network).spec();
        } catch (RuntimeException notCreated) {
            return;
        }
        spec.ifPresent(n -> {
            try {
                engine.releaseHostIsolation(n.name());
                engine.removeNetworks(List.of(n.name()));
            } catch (EngineException e) {
                err.println("paude: could not remove network " + n.name() + ": " + e.getMessage() + "\n  fix: run 'paude prune'");
            }
        });
    }

    /** Creates the agent's container; an engine that does not know the runtime asked for is told how to learn it. */
    private void createAgent(ContainerSpec agent) {
        try {
            engine.create(agent);
        } catch (EngineException e) {
            String name = agent.runtime().engineName();
            if (name != null && e.getMessage() != null && e.getMessage().contains(name)) {
                throw new EngineException("the " + engine.kind().id() + " engine cannot run the agent under runtime '"
                        + name + "' (gVisor): " + e.getMessage().strip(), "install gVisor and register it as '" + name
                        + "' (docs/gvisor.md; bash .ci/setup-engine gvisor does both), check it with 'paude doctor "
                        + "--runtime " + name + "', or run without --runtime " + name);
            }
            throw e;
        }
    }

    /**
     * Has the engine create, connect and start the proxy; returns that work, which goes on while the agent's container
     * is created and started (readiness is {@link ProxyReadiness}'s, and a failure here is what it reports).
     */
    private CompletableFuture<Void> startProxy(SandboxPlan plan) {
        ContainerSpec proxy = plan.proxy().orElseThrow();
        return Background.run("paude-proxy-start", () -> {
            // Joined to the egress network before it starts: podman writes the container's resolver configuration at
            // start, from the networks it is on then (a later connect leaves the proxy without the egress resolver).
            engine.create(proxy);
            engine.connect(plan.egressNetwork(), proxy.name());
            engine.start(proxy.name());
            if (engine.facts().rootless()) { // its namespace, and the rule in it, last while a container keeps it: now
                plan.internalNetwork().ifPresent(n -> engine.isolateFromHost(n.name()));
            }
        });
    }

    private void requireImage(String image, boolean present) {
        if (!present) {
            throw new EngineException("image " + image + " is not present in " + engine.kind().executable(),
                    "build it with 'paude images build'");
        }
    }

    /** The agent runs as the workspace's owner, so its files belong to the user; never as root. */
    private int[] agentIds(Path workspace) {
        try {
            int uid = (Integer) Files.getAttribute(workspace, "unix:uid");
            int gid = (Integer) Files.getAttribute(workspace, "unix:gid");
            if (uid == 0) {
                err.println("paude: warning: " + workspace + " is owned by root, so the agent runs as uid 1000 and may not "
                        + "write it. Fix: chown -R 1000:1000 " + workspace + ", or use a directory of your own user");
                return new int[] {1000, 1000};
            }
            return new int[] {uid, gid == 0 ? uid : gid};
        } catch (IOException | UnsupportedOperationException e) {
            return new int[] {1000, 1000};
        }
    }
}
