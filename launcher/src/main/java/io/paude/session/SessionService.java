package io.paude.session;

import io.paude.Background;
import io.paude.Measure;
import io.paude.audit.AuditLog;
import io.paude.audit.Recorder;
import io.paude.audit.Retention;
import io.paude.gateway.CredentialSource;
import io.paude.gateway.GatewayKeeper;
import io.paude.gateway.GoogleAdc;
import io.paude.guard.Alongside;
import io.paude.guard.GuardContext;
import io.paude.guard.Guards;
import io.paude.packages.RegistryHints;
import io.paude.plan.ContainerSpec;
import io.paude.plan.ImageRefs;
import io.paude.plan.Labels;
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
import io.paude.proxy.AccessLog;
import io.paude.proxy.LogDaemon;
import io.paude.proxy.SquidConfig;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import io.paude.runtime.EngineException;
import io.paude.runtime.EngineFacts;
import io.paude.runtime.NameResolution;
import io.paude.secrets.MaskCheck;
import io.paude.secrets.MaskWatch;
import io.paude.settings.GuardOptions;
import io.paude.state.Json;
import io.paude.state.StatePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Creates, runs and removes sessions: the only place that calls the engine in order. The agent never starts
 * before its proxy is ready, and every exit path (normal, error, Ctrl-C, SIGTERM) removes what was created.
 */
public final class SessionService {
    /** The proxy's log directory in the session directory, and squid's cache log in it (where it says it is ready). */
    private static final String PROXY_LOG = AccessLog.DIR;
    private static final String CACHE_LOG = AccessLog.CACHE;
    private static final int SUBNET_TRIES = 8;
    private static final java.time.format.DateTimeFormatter STREAM_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(java.time.ZoneOffset.UTC);

    private final ContainerEngine engine;
    private final StatePaths paths;
    private final ImageRefs images;
    private final PrintWriter err;
    private final RandomGenerator random;
    private final Guards guards;

    public SessionService(ContainerEngine engine, StatePaths paths, ImageRefs images, PrintWriter err, RandomGenerator random,
            Guards guards) {
        this.guards = guards;
        this.engine = engine;
        this.paths = paths;
        this.images = images;
        this.err = err;
        this.random = random;
    }

    /**
     * Runs the agent (or the policy's command) in a new sandbox in the foreground and removes it afterwards. The
     * agent's container starts while the proxy does and while the guards' checks run ({@link Alongside}); its recorder
     * starts the agent's command only once {@link #awaitProxy} has seen the proxy ready, the checks passed, and
     * {@link #releaseAgent} said so. A proxy that never gets ready, or a check that refuses the start, stops the
     * agent's container before its command ran, and that is what the user is told.
     */
    public int run(SandboxPolicy policy, LaunchOptions options) {
        Session s = provision(policy, options, false);
        ProxyWatch watch = s.plan.proxy().map(p -> new ProxyWatch(engine, p.name(), new AuditLog(s.ctx.sessionDir()), err)).orElse(null);
        Thread hook = new Thread(() -> teardown(s.plan, watch), "paude-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        AtomicReference<RuntimeException> notReady = new AtomicReference<>();
        AtomicReference<MaskWatch> maskWatch = new AtomicReference<>();
        AtomicReference<GatewayKeeper> keeper = new AtomicReference<>(GatewayKeeper.none());
        try {
            CompletableFuture<Void> readiness = Background.run("paude-proxy-ready", () -> {
                try {
                    awaitProxy(s);
                    keeper.set(openGateway(s)); // the credential is in the proxy before the agent's command starts
                    s.ctx.alongside().await(); // the guards' checks: a refusal removes the agent before its command ran
                    releaseAgent(s);
                    if (watch != null) {
                        watch.start();
                    }
                    maskWatch.set(MaskWatch.start(s.plan.session(), s.ctx.sessionDir(), s.ctx.workspace(), err));
                } catch (RuntimeException e) {
                    notReady.set(e);
                    try {
                        engine.removeContainers(List.of(s.plan.agent().name())); // the agent's command never started
                    } catch (RuntimeException alreadyGone) {
                        // the teardown removes it
                    }
                }
            });
            int code;
            try {
                code = engine.startAttached(s.plan.agent());
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
            OomReport.afterRun(engine, s.plan.agent().name(), code, policy.limits().memoryMiB(), err);
            if (!new AuditLog(s.ctx.sessionDir()).ended(Recorder.MAIN)) {
                err.println("paude: the audit recorder of session " + s.plan.session() + " stopped before the agent "
                        + "ended; the session was stopped with it (fail closed). The log so far: 'paude audit "
                        + s.plan.session() + "'.");
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
                teardown(s.plan); // a check refused the start: the agent's command never ran, nothing is left behind
                deleteTree(s.ctx.sessionDir());
            } else {
                guards.afterSession(s.ctx, () -> teardown(s.plan, watch));
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; teardown is idempotent
            }
        }
    }

    /** Starts a sandbox whose agent idles until commands arrive through {@link #exec}; returns the session name. */
    public String start(SandboxPolicy policy, LaunchOptions options) {
        Session s = provision(policy, options, true);
        try {
            awaitProxy(s);
            openGateway(s).close(); // delivered once; each 'paude exec' renews an expiring one
            engine.start(s.plan.agent().name());
            return s.plan.session();
        } catch (RuntimeException e) {
            teardown(s.plan);
            throw e;
        }
    }

    /** Waits until the session's proxy has started and accepts connections; nothing to wait for without a proxy. */
    private void awaitProxy(Session s) {
        if (s.plan.proxy().isEmpty()) {
            return;
        }
        Background.join(s.proxyStarted);
        ProxyReadiness.await(engine, s.plan.proxy().get().name(), s.ctx.sessionDir().resolve(PROXY_LOG).resolve(CACHE_LOG));
    }

    /**
     * Creates {@link Recorder#READY_FILE}, on which the recorder of a session with a proxy starts the agent's command
     * (Recorder.Role.PID1_AFTER_PROXY); called once {@link #awaitProxy} returned and the guards' checks passed.
     */
    private static void releaseAgent(Session s) {
        if (s.plan.proxy().isEmpty()) {
            return;
        }
        try {
            Files.writeString(s.ctx.sessionDir().resolve(AuditLog.RAW_DIR).resolve(Recorder.READY_FILE), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int exec(String session, List<String> command, boolean stdin, boolean tty) {
        String agent = session + "-agent";
        Optional<ContainerState> state = engine.state(agent);
        if (state.isEmpty() || !state.get().running()) {
            throw new EngineException("session " + session + " has no running agent"
                    + state.map(st -> " (it " + st.describe() + "; its first process is the audit recorder, and the "
                            + "session stops when the recorder does)").orElse(""), "list sessions with 'paude list'");
        }
        Map<String, String> labels = engine.containerLabels(agent);
        String user = labels.get(Labels.AGENT_USER);
        String max = labels.get(Labels.AUDIT_MAX);
        if (user == null || max == null || !user.matches("\\d+:\\d+")) {
            throw new EngineException("session " + session + " was started without the audit recorder",
                    "stop it ('paude stop " + session + "') and start a new one");
        }
        String[] ids = user.split(":");
        AuditSettings defaults = AuditSettings.defaults();
        AuditSettings audit = new AuditSettings(Long.parseLong(max), defaults.keepSessions(), defaults.maxAgeDays());
        // Each exec is recorded in a stream of its own, by a recorder that drops to the agent's user exactly as the
        // main one does: the command never runs as root and never outside the recorder.
        String stream = "exec-" + STREAM_TIME.format(Instant.now()) + "-" + HexFormat.of().toHexDigits((short) random.nextInt());
        AgentRuntime runtime = AgentRuntime.parse(labels.getOrDefault(Labels.RUNTIME, AgentRuntime.DEFAULT.id()));
        List<String> recorded = Recorder.wrap(stream, Integer.parseInt(ids[0]), Integer.parseInt(ids[1]), audit, command,
                Recorder.Role.EXEC, runtime);
        if (!engine.containers(Map.of(Labels.SESSION, session, Labels.ROLE, "proxy")).isEmpty()) {
            engine.state(session + "-proxy").filter(p -> !p.running()).ifPresent(p -> {
                err.println("paude: warning: the proxy of session " + session + " " + p.describe()
                        + "; the agent is offline (fail closed). Stop the session and start a new one.");
                err.flush();
            });
        }
        String workspace = labels.get(Labels.WORKSPACE);
        if (workspace != null) { // a secret file replaced on the host has lost its mask: say so before the command runs
            MaskCheck.check(session, paths.session(session), Path.of(workspace), err);
        }
        AccessLog.Mark logMark = AccessLog.mark(paths.session(session));
        int code;
        Optional<ContainerState> sandboxEnded;
        try (GatewayKeeper keeper = execGateway(session, labels);
                SandboxWatch watch = SandboxWatch.start(engine, agent, runtime == AgentRuntime.GVISOR)) {
            code = engine.exec(agent, recorded, stdin, tty, labels.get(Labels.WORKSPACE), "0:0");
            sandboxEnded = watch.ended();
        }
        if (sandboxEnded != null) {
            return OomReport.sandboxEnded(session, sandboxEnded, err);
        }
        OomReport.afterExec(engine, agent, code, paths.session(session), err);
        RegistryHints.report(AccessLog.since(paths.session(session), logMark), err);
        return code;
    }

    /**
     * For a session whose gateway's credential expires (Vertex AI): a fresh access token before the command, renewed
     * while it runs. A fixed credential was delivered at start and stays; a session without a gateway needs nothing.
     */
    private GatewayKeeper execGateway(String session, Map<String, String> agentLabels) {
        if (!ModelGateway.Provider.VERTEX.id().equals(agentLabels.get(Labels.MODEL_GATEWAY))) {
            return GatewayKeeper.none();
        }
        return GatewayKeeper.start(engine, session + "-proxy", GoogleAdc.load(System.getenv(), paths.home()), err);
    }

    /** Removes every container and network of a session. */
    public boolean stop(String session) {
        Map<String, String> filter = Map.of(Labels.SESSION, session);
        List<String> containers = engine.containers(filter);
        String workspace = null;
        for (String c : containers) {
            try {
                workspace = engine.containerLabels(c).get(Labels.WORKSPACE);
                break;
            } catch (EngineException vanished) {
                // removed meanwhile
            }
        }
        List<String> networks = engine.networks(filter);
        engine.removeContainers(containers);
        networks.forEach(engine::releaseHostIsolation);
        engine.removeNetworks(networks);
        if (workspace != null) {
            guards.afterEnd(new GuardContext(session, paths.session(session), Path.of(workspace), paths, System.getenv(),
                    GuardOptions.NONE, err));
        }
        return !containers.isEmpty() || !networks.isEmpty();
    }

    public List<SessionInfo> list() {
        Map<String, String> any = new LinkedHashMap<>();
        any.put(Labels.SESSION, null);
        Map<String, SessionInfo> sessions = new LinkedHashMap<>();
        for (String c : engine.containers(any)) {
            Map<String, String> l;
            try {
                l = engine.containerLabels(c);
            } catch (EngineException vanished) {
                continue; // removed meanwhile (another session stopped): not worth failing the listing
            }
            String name = l.get(Labels.SESSION);
            String role = l.getOrDefault(Labels.ROLE, "?");
            String st = engine.state(c).map(ContainerState::describe).orElse("gone");
            SessionInfo prev = sessions.getOrDefault(name, new SessionInfo(name, l.get(Labels.WORKSPACE), l.get(Labels.MODE), "-", "-"));
            sessions.put(name, "proxy".equals(role)
                    ? new SessionInfo(name, prev.workspace(), prev.mode(), prev.agent(), st)
                    : new SessionInfo(name, prev.workspace(), prev.mode(), st, prev.proxy()));
        }
        return new ArrayList<>(sessions.values());
    }

    /**
     * Removes what crashed launchers left behind: attached sessions whose launcher process is gone, and with
     * {@code all}, every paude session.
     */
    public List<String> prune(boolean all) {
        Map<String, String> any = new LinkedHashMap<>();
        any.put(Labels.SESSION, null);
        Map<String, Map<String, String>> sessions = new LinkedHashMap<>();
        for (String c : engine.containers(any)) {
            try {
                Map<String, String> l = engine.containerLabels(c);
                sessions.putIfAbsent(l.get(Labels.SESSION), l);
            } catch (EngineException vanished) {
                // removed meanwhile (its session stopped): nothing left to prune
            }
        }
        List<String> removed = new ArrayList<>();
        sessions.forEach((session, l) -> {
            boolean orphan = "attached".equals(l.get(Labels.MODE)) && !launcherAlive(l.get(Labels.LAUNCHER_PID));
            if (all || orphan) {
                stop(session);
                removed.add(session);
            }
        });
        for (String n : engine.networks(any)) {
            Map<String, String> l = engine.networkLabels(n);
            String session = l.get(Labels.SESSION);
            boolean launching = launcherAlive(l.get(Labels.LAUNCHER_PID));
            if (all || !sessions.containsKey(session) && !launching) {
                engine.releaseHostIsolation(n);
                engine.removeNetworks(List.of(n));
                if (!removed.contains(session)) {
                    removed.add(session);
                }
            }
        }
        return removed;
    }

    private static boolean launcherAlive(String pid) {
        try {
            return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A provisioned session; {@code proxyStarted} completes when the engine has started its proxy (or at once). */
    private record Session(SandboxPlan plan, GuardContext ctx, CompletableFuture<Void> proxyStarted,
            Optional<ModelGateway> gateway) {
    }

    /**
     * Gives the session's model gateway its credential, once the proxy runs and before the agent's command can start;
     * the returned keeper renews an expiring one while this process runs. Nothing to do without a gateway.
     */
    private GatewayKeeper openGateway(Session s) {
        if (s.gateway.isEmpty() || s.plan.proxy().isEmpty()) {
            return GatewayKeeper.none();
        }
        CredentialSource source = CredentialSource.of(s.gateway.get(), s.ctx.env(), paths.home());
        return GatewayKeeper.start(engine, s.plan.proxy().get().name(), source, err);
    }

    private Session provision(SandboxPolicy policy, LaunchOptions options, boolean detached) {
        // before anything is created: a rootless engine on cgroup v1 would drop the limits (fail closed)
        boolean limitsEnforced = engine.facts().requireEnforcedLimits(
                options.acceptUnenforcedLimits(), err);
        boolean filtered = policy.network() == NetworkMode.FILTERED;
        String egress = options.egressNetwork() != null ? options.egressNetwork() : engine.kind().defaultNetwork();
        String name = "paude-" + HexFormat.of().toHexDigits(random.nextInt());
        Path dir = StatePaths.privateDir(paths.session(name));
        Path auditDir = auditDir(dir);
        GuardContext ctx = new GuardContext(name, dir, policy.workspace(), paths, System.getenv(), options.guards(), err,
                Alongside.threads());
        Path proxyConf = dir.resolve("proxy");
        Path proxyLog = dir.resolve(PROXY_LOG);
        Path agentConf = dir.resolve("agent");
        int[] ids = agentIds(policy.workspace());
        Function<Subnet, SessionContext> context = subnet -> new SessionContext(name, subnet, images.agent(), images.proxy(),
                egress, proxyConf, proxyLog, agentConf, ids[0], ids[1], options.stdin(), options.tty(), detached, auditDir,
                options.audit(), options.proxyDns(), options.privateDestinations(), options.runtime());
        // Start-up time is measured (bench/startup.sh, bench/workspace.sh): the session's network depends on nothing
        // that is checked or decided below (its name and a free subnet), so the engine creates it meanwhile, and the
        // plan is made for its first subnet (made again in the rare case that subnet was taken). The retention of old
        // sessions' logs runs meanwhile too.
        SandboxPolicy requested = policy;
        Subnet first = Subnet.random(random);
        CompletableFuture<SessionNetwork> network = Background.start("paude-network", () -> createNetwork(requested, first, context));
        CompletableFuture<Void> retention = Background.run("paude-retention", () -> pruneOldSessions(options.audit(), name));
        // The engine's checks only read, as the guards' do: they run beside the guards.
        CompletableFuture<Void> engineChecks = Background.run("paude-engine-checks", () -> {
            var agentImage = Background.start("paude-image-check", () -> engine.imageExists(images.agent()));
            boolean proxyImage = !filtered || engine.imageExists(images.proxy());
            requireImage(images.agent(), Background.join(agentImage));
            requireImage(images.proxy(), proxyImage);
            if (options.egressNetwork() != null) {
                boolean resolves = engine.namesResolveOn(egress).orElseThrow(() -> new EngineException(
                        "egress network '" + egress + "' does not exist",
                        "create it ('" + engine.kind().executable() + " network create " + egress + "') or omit --egress-network"));
                NameResolution.egressWarning(engine.kind(), egress, resolves).ifPresent(w -> err.println("paude: warning: " + w));
            }
        });
        try {
            policy = guards.beforeStart(policy, ctx);
            Background.join(engineChecks);
            Background.join(retention);
        } catch (RuntimeException refused) {
            ctx.alongside().awaitQuietly();
            retention.exceptionally(e -> null).join();
            removeNetwork(network);
            deleteTree(dir); // the agent never ran: a refused start leaves nothing behind
            Throwable engineFailed = engineChecks.handle((ok, e) -> e).join(); // as the check threw it
            if (engineFailed instanceof RuntimeException engineFirst && engineFirst != refused) {
                engineFirst.addSuppressed(refused);
                throw engineFirst; // a missing image or engine first: nothing can start without them
            }
            throw refused;
        }
        err.println("paude: limits: " + policy.limits().describe());
        if (options.runtime() != AgentRuntime.DEFAULT) {
            err.println("paude: runtime: " + options.runtime().describe());
        }
        err.flush();

        SandboxPlan plan = null;
        CompletableFuture<Void> proxyStarted = CompletableFuture.completedFuture(null);
        try {
            SandboxPlan planned = Planner.plan(policy, context.apply(first));
            SessionNetwork net = Background.join(network);
            plan = withLauncherPid(net.context().subnet().equals(first) ? planned : Planner.plan(policy, net.context()));
            if (!plan.internalNetwork().equals(net.spec())) {
                throw new IllegalStateException("a guard changed the session network after it was created");
            }
            writeSessionRecord(dir, plan, policy, ids, options.audit(), limitsEnforced);
            writeFiles(agentConf, plan.agentFiles());
            if (plan.proxy().isPresent()) {
                proxyStarted = startProxy(plan, proxyConf, proxyLog);
            }
            createAgent(plan.agent());
            if (detached || plan.proxy().isEmpty()) {
                ctx.alongside().await(); // the guards' checks (git backup, secrets scan) end before the agent can start
            } // else the recorder holds the agent's command until run() has awaited them (releaseAgent)
            return new Session(plan, ctx, proxyStarted, policy.model().gateway());
        } catch (RuntimeException e) {
            ctx.alongside().awaitQuietly();
            try {
                proxyStarted.join(); // no start may reach the engine after the teardown
            } catch (RuntimeException ignored) {
                // the first failure is the one reported
            }
            if (plan != null) {
                teardown(plan);
            } else {
                removeNetwork(network);
            }
            if (e instanceof PolicyException) {
                deleteTree(dir); // a check refused the start: the agent never ran, nothing is left behind
            }
            throw e;
        }
    }

    /** The session's context and the internal network created for it (labelled as the plan labels it), if any. */
    private record SessionNetwork(SessionContext context, Optional<NetworkSpec> spec) {
    }

    /**
     * Creates the session's network on a free subnet ({@code first}, then random ones while the engine reports them
     * taken).
     * No network for a session without one (network mode "none", "open").
     */
    private SessionNetwork createNetwork(SandboxPolicy policy, Subnet first, Function<Subnet, SessionContext> context) {
        for (int attempt = 0; attempt < SUBNET_TRIES; attempt++) {
            SessionContext sctx = context.apply(attempt == 0 ? first : Subnet.random(random));
            Optional<NetworkSpec> net = Planner.network(policy, sctx).map(n -> withLabels(n, launcherPid()));
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

    private static Map<String, String> launcherPid() {
        return Map.of(Labels.LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
    }

    private SandboxPlan withLauncherPid(SandboxPlan p) {
        Map<String, String> extra = launcherPid();
        return new SandboxPlan(p.session(), p.mode(), p.internalNetwork().map(n -> withLabels(n, extra)),
                p.proxy().map(c -> withLabels(c, extra)), withLabels(p.agent(), extra), p.egressNetwork(), p.proxyFiles(),
                p.agentFiles());
    }

    private static NetworkSpec withLabels(NetworkSpec n, Map<String, String> extra) {
        Map<String, String> l = new LinkedHashMap<>(n.labels());
        l.putAll(extra);
        return new NetworkSpec(n.name(), n.internal(), n.subnet(), l);
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

    private static ContainerSpec withLabels(ContainerSpec c, Map<String, String> extra) {
        Map<String, String> l = new LinkedHashMap<>(c.labels());
        l.putAll(extra);
        return new ContainerSpec(c.name(), c.image(), l, c.user(), c.capAdd(), c.readOnlyRoot(), c.tmpfs(), c.mounts(),
                c.env(), c.network(), c.ip(), c.dns(), c.limits(), c.workdir(), c.command(), c.keepStdin(), c.tty(),
                c.seccompProfile(), c.logMaxBytes(), c.runtime());
    }

    /**
     * Has the engine create, connect and start the proxy; returns that work, which goes on while the agent's container
     * is created and started (readiness is {@link #awaitProxy}'s, and a failure here is what it reports).
     */
    private CompletableFuture<Void> startProxy(SandboxPlan plan, Path confDir, Path logDir) {
        writeFiles(confDir, plan.proxyFiles());
        // The proxy runs as its own unprivileged user without capabilities: it reads world-readable files, and its log
        // daemon and squid's rotation create and remove the parts of its logs in this directory, which is therefore
        // open to all (like audit-raw); the session directory (0700) keeps other host users out.
        try {
            Files.createDirectories(logDir);
            Files.setPosixFilePermissions(logDir, PosixFilePermissions.fromString("rwxrwxrwx"));
            for (String log : List.of(AccessLog.NAME, CACHE_LOG)) {
                Path f = logDir.resolve(log);
                if (!Files.exists(f)) {
                    Files.createFile(f);
                }
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    void teardown(SandboxPlan plan) {
        teardown(plan, null);
    }

    /** Removes the session; a proxy that {@code watch} (if any) is removing already is waited for, not removed twice. */
    private void teardown(SandboxPlan plan, ProxyWatch watch) {
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

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: an empty session directory is harmless
        }
    }

    /**
     * Writes world-readable files (read by containers' unprivileged users) into a directory of the session; the
     * proxy's {@link LogDaemon} is also executable.
     */
    private static void writeFiles(Path dir, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                for (Path d = p.getParent(); d.startsWith(dir); d = d.getParent()) {
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        SquidConfig.EXECUTABLES.contains(f.getKey()) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory the recorder writes into. The recorder is root inside the container but has no
     * CAP_DAC_OVERRIDE, and the host user owning the session directory need not be uid 0, so this directory is
     * open to all; the session directory around it (0700) keeps other host users out, and inside the container it
     * sits below a root-only 0700 tmpfs that the agent cannot enter.
     */
    private static Path auditDir(Path sessionDir) {
        Path d = sessionDir.resolve(AuditLog.RAW_DIR);
        try {
            Files.createDirectories(d);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Retention: old sessions' directories (and their audit logs) go before a new session starts; never those of a
     * live session or of {@code starting}.
     */
    private void pruneOldSessions(AuditSettings audit, String starting) {
        // Container names are SESSION-agent and SESSION-proxy; names only, since other sessions may vanish meanwhile.
        Map<String, String> any = new LinkedHashMap<>();
        any.put(Labels.SESSION, null);
        java.util.Set<String> live = new java.util.HashSet<>();
        live.add(starting);
        engine.containers(any).forEach(c -> live.add(c.replaceFirst("-(agent|proxy)$", "")));
        List<String> pruned = Retention.prune(paths.sessions(), audit, live, Instant.now());
        if (!pruned.isEmpty()) {
            err.println("paude: pruned the logs of " + pruned.size() + " old session(s) (keep " + audit.keepSessions()
                    + " sessions, " + audit.maxAgeDays() + " days)");
            err.flush();
        }
    }

    private void writeSessionRecord(Path dir, SandboxPlan plan, SandboxPolicy policy, int[] ids, AuditSettings audit,
            boolean limitsEnforced) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("session", plan.session());
        record.put("created", Instant.now().toString());
        record.put("engine", engine.kind().id());
        record.put("runtime", plan.agent().runtime().id());
        record.put("workspace", policy.workspace().toString());
        record.put("agent", policy.agent().id());
        record.put("network", plan.mode() == NetworkMode.OPEN ? "open (--allow-network)" : "filtered");
        record.put("allowlist", plan.mode() == NetworkMode.OPEN ? List.of() : policy.allowlist().asStrings());
        record.put("limits", Map.of("cpus", policy.limits().cpus(), "memoryMiB", policy.limits().memoryMiB(),
                "pids", policy.limits().pids(), "nofile", policy.limits().nofile(), "tmpMiB", policy.limits().tmpMiB()));
        record.put("agentUser", ids[0] + ":" + ids[1]);
        if (!limitsEnforced) { // the engine drops them: recorded as the user accepted it (EngineFacts.ACCEPT_FLAG)
            record.put("limitsEnforced", false);
            record.put("acceptedUnenforcedLimits", EngineFacts.ACCEPT_FLAG);
        }
        record.put("audit", Map.of("maxBytesPerStream", audit.maxBytes(), "keepSessions", audit.keepSessions(),
                "maxAgeDays", audit.maxAgeDays()));
        try {
            Files.writeString(dir.resolve("session.json"), Json.write(record) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
