package io.paude.runtime;

import io.paude.plan.ContainerSpec;
import io.paude.plan.NetworkSpec;
import io.paude.runtime.EngineCli.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ContainerEngine} over the {@code podman} or {@code docker} CLI. Every call has a timeout, every exit code
 * is checked, and the engine's stderr ends up in the exception. Processes come from a
 * {@code Function<List<String>, ProcessBuilder>} seam so tests can see or replace the exact argv.
 *
 * <p>This class keeps the containers' lifecycle and the images; the rest it hands on, each part over the same
 * {@link EngineCli} (which runs the calls and attaches the engine to this terminal): {@link EngineNetworks} (networks
 * and the host's isolation), {@link EngineInspection} (state, labels, listings, info) and {@link EngineProbes} (the
 * throw-away containers of paude doctor).
 */
public final class CliEngine implements ContainerEngine {
    private final EngineCli cli;
    private final EngineNetworks networks;
    private final EngineInspection inspection;
    private final EngineProbes probes;
    /** What {@code info} said about rootless and cgroups, asked once. */
    private volatile EngineFacts facts;

    public CliEngine(EngineKind kind, Function<List<String>, ProcessBuilder> processes) {
        this.cli = new EngineCli(kind, processes);
        this.networks = new EngineNetworks(cli, this::facts);
        this.inspection = new EngineInspection(cli);
        this.probes = new EngineProbes(cli, this);
    }

    public static CliEngine of(EngineKind kind) {
        return new CliEngine(kind, ProcessBuilder::new);
    }

    @Override
    public EngineKind kind() {
        return cli.kind();
    }

    @Override
    public String serverVersion() {
        return cli.version();
    }

    @Override
    public boolean imageExists(String image) {
        return inspection.imageExists(image);
    }

    @Override
    public boolean createNetwork(NetworkSpec spec) {
        return networks.create(spec);
    }

    @Override
    public boolean networkExists(String name) {
        return networks.exists(name);
    }

    @Override
    public Optional<Boolean> namesResolveOn(String network) {
        return networks.namesResolveOn(network);
    }

    @Override
    public Optional<String> aliasProbe(String image) {
        return probes.alias(image);
    }

    @Override
    public RuntimeProbe runtimeProbe(String image, String runtime) {
        return probes.runtime(image, runtime);
    }

    @Override
    public void isolateFromHost(String network) {
        networks.isolateFromHost(network);
    }

    @Override
    public void releaseHostIsolation(String network) {
        networks.releaseHostIsolation(network);
    }

    @Override
    public void connect(String network, String container) {
        networks.connect(network, container);
    }

    @Override
    public void create(ContainerSpec spec) {
        cli.check(Argv.container(kind(), facts().rootless(), spec));
    }

    @Override
    public void start(String container) {
        cli.check(List.of("start", container));
    }

    @Override
    public int startAttached(ContainerSpec spec) {
        return cli.attached(Argv.startAttached(spec));
    }

    @Override
    public int exec(String container, List<String> command, boolean stdin, boolean tty, String workdir, String user) {
        return cli.attached(Argv.exec(container, command, stdin, tty, workdir, user));
    }

    @Override
    public Optional<ContainerState> awaitStop(String container) {
        try {
            Process p = cli.builder(Argv.await(container)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        } catch (IOException e) {
            throw cli.notFound(e);
        }
        return state(container).filter(s -> !s.running());
    }

    @Override
    public void execInput(String container, String user, List<String> command, byte[] input) {
        List<String> argv = Argv.exec(container, command, true, false, null, user);
        Result r = cli.run(argv, EngineCli.TIMEOUT, input);
        if (r.code() != 0) {
            throw cli.failed(argv, r);
        }
    }

    @Override
    public String logs(String container) {
        return inspection.logs(container);
    }

    @Override
    public int oomKills(String container) {
        return inspection.oomKills(container);
    }

    @Override
    public Optional<ContainerState> state(String container) {
        return inspection.state(container);
    }

    @Override
    public List<String> containers(Map<String, String> labels) {
        return inspection.containers(labels);
    }

    @Override
    public List<String> networks(Map<String, String> labels) {
        return inspection.networks(labels);
    }

    @Override
    public Map<String, String> containerLabels(String container) {
        return inspection.containerLabels(container);
    }

    @Override
    public Map<String, String> networkLabels(String network) {
        return inspection.networkLabels(network);
    }

    @Override
    public void removeContainers(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        List<String> a = new ArrayList<>(List.of("rm", "--force"));
        if (kind() == EngineKind.PODMAN) {
            a.addAll(List.of("--ignore", "--time", "0"));
        }
        a.addAll(names);
        Result r = cli.call(a);
        if (r.code() != 0 && !r.err().toLowerCase().contains("no such container")) {
            throw cli.failed(a, r);
        }
    }

    @Override
    public void removeNetworks(List<String> names) {
        networks.remove(names);
    }

    @Override
    public void build(Path context, String tag, Map<String, String> buildArgs) {
        build(context, tag, buildArgs, null);
    }

    @Override
    public void build(Path context, String tag, Map<String, String> buildArgs, Path log) {
        List<String> a = new ArrayList<>(List.of("build", "--tag", tag));
        buildArgs.forEach((k, v) -> {
            a.add("--build-arg");
            a.add(k + "=" + v);
        });
        a.add(context.toString());
        int code = log == null ? cli.attached(a)
                : cli.attached(cli.builder(a).redirectErrorStream(true).redirectOutput(log.toFile()));
        if (code != 0) {
            throw new EngineException("building " + tag + " failed (exit " + code + ")",
                    "read the build output " + (log == null ? "above" : "in " + log) + "; a missing base image can be made "
                            + "with --base-from-mirror, and a TLS error (self-signed certificate in chain) means the network "
                            + "re-signs TLS: pass --build-ca PEM");
        }
    }

    @Override
    public boolean pull(String image) {
        return cli.call(List.of("pull", image), Duration.ofSeconds(300)).code() == 0;
    }

    @Override
    public void importRootfs(Path tarball, String tag) {
        cli.check(List.of("import", tarball.toString(), tag));
    }

    @Override
    public EngineFacts facts() {
        EngineFacts f = facts;
        if (f == null) {
            f = localRootfulPodman() ? new EngineFacts(kind(), false, 0) : EngineFacts.of(this);
            facts = f;
        }
        return f;
    }

    /**
     * Podman's command line run by root on this machine (no remote connection) is rootful Podman, whose limits hold on
     * every cgroup version: 'podman info' (about 0.2 s, at every start and stop) need not be asked. 'paude doctor'
     * asks it anyway, to name the cgroup version ({@link EngineFacts#of}).
     */
    private boolean localRootfulPodman() {
        return kind() == EngineKind.PODMAN && EngineCli.byRoot()
                && System.getenv("CONTAINER_HOST") == null && System.getenv("CONTAINER_CONNECTION") == null;
    }

    @Override
    public String info(String format) {
        return inspection.info(format);
    }

    @Override
    public String inspect(String object, String format) {
        return inspection.inspect(object, format);
    }
}
