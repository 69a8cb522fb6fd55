package io.paude.steps.mutation;

import io.paude.plan.ContainerSpec;
import io.paude.plan.Labels;
import io.paude.plan.NetworkSpec;
import io.paude.policy.Mount;
import io.paude.proxy.SquidConfig;
import io.paude.runtime.CliEngine;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import io.paude.runtime.EngineKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The launcher's engine with one {@link Weakening} applied: a decorator over the real CLI adapter whose command lines
 * also pass through the weakening. Every change it makes, and every weakened agent container the engine accepted, is
 * appended to the mutation log, so the mutation pass counts a weakening as caught only when the weakened sandbox really
 * was started.
 */
final class WeakenedEngine implements ContainerEngine {
    /** Log lines: the weakening changed something; the weakened agent's container was created (the sandbox is up). */
    static final String APPLIED = "applied ";
    static final String STARTED = "started ";

    private final Weakening weakening;
    private final ContainerEngine engine;
    private final Path log;
    /** The egress network, known when the launcher joins the proxy to it (beside the agent's create). */
    private final CompletableFuture<String> egressNetwork = new CompletableFuture<>();

    private WeakenedEngine(Weakening weakening, EngineKind kind, Path log) {
        this.weakening = weakening;
        this.log = log;
        this.engine = new CliEngine(kind, argv -> new ProcessBuilder(changed("engine command " + argv.get(1), argv,
                weakening.argv(argv))));
    }

    static ContainerEngine wrap(Weakening weakening, ContainerEngine detected, Path log) {
        return new WeakenedEngine(weakening, detected.kind(), log);
    }

    private <T> T changed(String what, T before, T after) {
        if (!before.equals(after)) {
            record(APPLIED + weakening + " to " + what);
        }
        return after;
    }

    private void record(String line) {
        record(log, line);
    }

    /** Appends one line to the mutation log. */
    static void record(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ContainerSpec weakened(ContainerSpec spec) {
        String role = spec.labels().get(Labels.ROLE);
        if ("agent".equals(role)) {
            return changed("the agent's container spec", spec, weakening.agent(spec, this::egressNetwork));
        }
        if ("proxy".equals(role)) {
            spec.mounts().stream().filter(m -> m.target().equals(SquidConfig.CONFIG_DIR)).map(Mount::source).findFirst()
                    .ifPresent(dir -> weakenSquid(dir.resolve("squid.conf")));
        }
        return spec;
    }

    private void weakenSquid(Path conf) {
        try {
            String before = Files.readString(conf);
            Files.writeString(conf, changed("the proxy's squid.conf", before, weakening.squid(before)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void connect(String network, String container) {
        engine.connect(network, container);
        egressNetwork.complete(network); // the launcher joins only the proxy to the egress network
    }

    private String egressNetwork() {
        try {
            return egressNetwork.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the proxy's egress network", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the launcher never joined the proxy to an egress network", e);
        }
    }

    @Override
    public void create(ContainerSpec spec) {
        ContainerSpec weakened = weakened(spec);
        engine.create(weakened);
        started(spec);
    }

    /** The sessions whose weakened agent the engine created during this scenario (the mutation log says). */
    private List<String> startedSessions() {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.startsWith(STARTED))
                    .map(l -> l.substring(STARTED.length()).replaceFirst("-agent$", "")).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int startAttached(ContainerSpec spec) {
        return engine.startAttached(spec); // created weakened by create()
    }

    /** After the engine accepted the agent's container: a failure from here on is the sandbox's, not the set-up's. */
    private void started(ContainerSpec spec) {
        if ("agent".equals(spec.labels().get(Labels.ROLE))) {
            record(STARTED + spec.name());
        }
    }

    @Override
    public Optional<ContainerState> awaitStop(String container) {
        return engine.awaitStop(container);
    }

    @Override
    public int exec(String container, List<String> command, boolean stdin, boolean tty, String workdir, String user) {
        return engine.exec(container, changed("an exec's command", command, weakening.exec(command)), stdin, tty, workdir, user);
    }

    @Override
    public void execInput(String container, String user, List<String> command, byte[] input) {
        engine.execInput(container, user, command, input);
    }

    @Override
    public void isolateFromHost(String network) {
        if (weakening.isolateHost()) {
            engine.isolateFromHost(network);
        } else {
            changed("the host isolation of " + network, "isolated", "not isolated");
        }
    }

    // Everything else as the real adapter does it.

    @Override
    public EngineKind kind() {
        return engine.kind();
    }

    @Override
    public String serverVersion() {
        return engine.serverVersion();
    }

    @Override
    public boolean imageExists(String image) {
        return engine.imageExists(image);
    }

    @Override
    public boolean createNetwork(NetworkSpec spec) {
        return engine.createNetwork(spec);
    }

    @Override
    public boolean networkExists(String name) {
        return engine.networkExists(name);
    }

    @Override
    public Optional<Boolean> namesResolveOn(String network) {
        return engine.namesResolveOn(network);
    }

    @Override
    public io.paude.runtime.EngineFacts facts() {
        return engine.facts();
    }

    @Override
    public String info(String format) {
        return engine.info(format);
    }

    @Override
    public Optional<String> aliasProbe(String image) {
        return engine.aliasProbe(image);
    }

    @Override
    public io.paude.runtime.RuntimeProbe runtimeProbe(String image, String runtime) {
        return engine.runtimeProbe(image, runtime);
    }

    @Override
    public void releaseHostIsolation(String network) {
        engine.releaseHostIsolation(network);
    }

    @Override
    public void start(String container) {
        engine.start(container);
        if (container.endsWith("-agent")) {
            weakening.agentStarted(engine, container, startedSessions(),
                    () -> record(APPLIED + weakening + " after the agent's container " + container + " was started"));
        }
    }

    @Override
    public String logs(String container) {
        return engine.logs(container);
    }

    @Override
    public int oomKills(String container) {
        return engine.oomKills(container);
    }

    @Override
    public Optional<ContainerState> state(String container) {
        return engine.state(container);
    }

    @Override
    public List<String> containers(Map<String, String> labels) {
        return engine.containers(labels);
    }

    @Override
    public List<String> networks(Map<String, String> labels) {
        return engine.networks(labels);
    }

    @Override
    public Map<String, String> containerLabels(String container) {
        return engine.containerLabels(container);
    }

    @Override
    public Map<String, String> networkLabels(String network) {
        return engine.networkLabels(network);
    }

    @Override
    public void removeContainers(List<String> names) {
        engine.removeContainers(names);
    }

    @Override
    public void removeNetworks(List<String> names) {
        engine.removeNetworks(names);
    }

    @Override
    public void build(Path context, String tag, Map<String, String> buildArgs) {
        engine.build(context, tag, buildArgs);
    }

    @Override
    public boolean pull(String image) {
        return engine.pull(image);
    }

    @Override
    public void importRootfs(Path tarball, String tag) {
        engine.importRootfs(tarball, tag);
    }

    @Override
    public String inspect(String object, String format) {
        return engine.inspect(object, format);
    }
}
