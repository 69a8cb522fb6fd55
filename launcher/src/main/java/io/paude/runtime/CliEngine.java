package io.paude.runtime;

import io.paude.plan.ContainerSpec;
import io.paude.plan.Labels;
import io.paude.plan.NetworkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link ContainerEngine} over the {@code podman} or {@code docker} CLI. Every call has a timeout, every exit code
 * is checked, and the engine's stderr ends up in the exception. Processes come from a
 * {@code Function<List<String>, ProcessBuilder>} seam so tests can see or replace the exact argv.
 */
public final class CliEngine implements ContainerEngine {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final EngineKind kind;
    private final Function<List<String>, ProcessBuilder> processes;
    /** The engine answered a call: a failing call is that call's own failure. */
    private volatile boolean answered;
    /** What {@code info} said about rootless and cgroups, asked once. */
    private volatile EngineFacts facts;

    public CliEngine(EngineKind kind, Function<List<String>, ProcessBuilder> processes) {
        this.kind = kind;
        this.processes = processes;
    }

    public static CliEngine of(EngineKind kind) {
        return new CliEngine(kind, ProcessBuilder::new);
    }

    @Override
    public EngineKind kind() {
        return kind;
    }

    @Override
    public String serverVersion() {
        Result r = run(List.of("version", "--format", kind == EngineKind.DOCKER ? "{{.Server.Version}}" : "{{.Version}}"),
                Duration.ofSeconds(20));
        if (r.code != 0 || r.out.isBlank()) {
            throw new EngineException(kind.executable() + " is installed but its engine does not answer: " + firstLine(r.err),
                    kind == EngineKind.DOCKER ? "start the daemon (sudo systemctl start docker, or dockerd &)"
                            : "check 'podman info'; rootful podman needs root, rootless needs a user session");
        }
        answered = true;
        return r.out.strip();
    }

    @Override
    public boolean imageExists(String image) {
        return call(List.of("image", "inspect", "--format", "{{.Id}}", image), TIMEOUT).code == 0;
    }

    @Override
    public boolean createNetwork(NetworkSpec spec) {
        Result r = call(Argv.network(kind, spec), TIMEOUT);
        if (r.code == 0) {
            return true;
        }
        String e = r.err.toLowerCase();
        // "route ip+net: no such network interface": Podman lists the host's routes to check the subnet and one went
        // away meanwhile (another network removed at that moment, as a session's teardown does beside the next start).
        // Nothing was created: like a taken subnet, the caller tries again.
        if (e.contains("overlap") || e.contains("already used") || e.contains("in use") || e.contains("no such network interface")) {
            return false;
        }
        throw failed(Argv.network(kind, spec), r);
    }

    @Override
    public boolean networkExists(String name) {
        return call(List.of("network", "inspect", name), TIMEOUT).code == 0;
    }

    @Override
    public Optional<Boolean> namesResolveOn(String network) {
        Result r = call(Argv.networkResolution(kind, network), TIMEOUT);
        return r.code == 0 ? Optional.of(Argv.namesResolve(kind, r.out)) : Optional.empty();
    }

    @Override
    public Optional<String> aliasProbe(String image) {
        String name = "paude-probe-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        String alias = "alias-probe.paude.test";
        Map<String, String> labels = Map.of(Labels.SESSION, name, Labels.ROLE, "probe",
                Labels.LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
        try {
            check(Argv.probeNetwork(name, labels));
            check(Argv.probeContainer(name + "-host", name, alias, labels, image, List.of("sleep", "60")));
            Result r = call(Argv.probeContainer(name + "-lookup", name, null, labels, image, List.of("getent", "hosts", alias)),
                    TIMEOUT);
            return r.code == 0 ? Optional.empty()
                    : Optional.of("a container could not resolve the network alias of another on the same network ("
                            + "getent exit " + r.code + (r.err.isBlank() ? "" : ": " + firstLine(r.err)) + ")");
        } finally {
            removeContainers(List.of(name + "-host", name + "-lookup"));
            removeNetworks(List.of(name));
        }
    }

    @Override
    public RuntimeProbe runtimeProbe(String image, String runtime) {
        String name = "paude-probe-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        Map<String, String> labels = Map.of(Labels.SESSION, name, Labels.ROLE, "probe",
                Labels.LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
        try {
            Result r = call(Argv.runtimeProbe(name, labels, image, runtime), TIMEOUT);
            return r.code == 0 ? RuntimeProbe.parse(r.out) : RuntimeProbe.failed(firstLine(r.err.isBlank() ? r.out : r.err));
        } finally {
            removeContainers(List.of(name));
        }
    }

    @Override
    public void isolateFromHost(String network) {
        Optional<Boolean> rootless = podmanRootless();
        if (rootless.isEmpty()) {
            return;
        }
        String bridge = check(List.of("network", "inspect", "--format", "{{.NetworkInterface}}", network)).out.strip();
        for (String tool : List.of("iptables", "ip6tables")) {
            if (host(Argv.hostIsolation(rootless.get(), tool, "-C", bridge, network)).code == 0) {
                continue; // made already (rootless: again once the proxy keeps the namespace alive)
            }
            Result r = host(Argv.hostIsolation(rootless.get(), tool, "-I", bridge, network));
            if (r.code != 0 && tool.equals("iptables")) {
                throw new EngineException("cannot keep the agent away from the " + (rootless.get()
                        ? "rootless network namespace's addresses" : "host's services") + ": " + tool + " failed: "
                        + r.err.strip(), "install iptables, or use --engine docker");
            }
        }
    }

    /**
     * Whether the bridges need {@link #isolateFromHost}'s rule, and where: empty on Docker (its bridge has no address)
     * and for a non-root user of a rootful Podman (who cannot have created the network); else whether it is rootless.
     */
    private Optional<Boolean> podmanRootless() {
        if (kind != EngineKind.PODMAN) {
            return Optional.empty();
        }
        boolean rootless = facts().rootless();
        return rootless || byRoot() ? Optional.of(rootless) : Optional.empty();
    }

    @Override
    public void releaseHostIsolation(String network) {
        Optional<Boolean> rootless = podmanRootless();
        if (rootless.isEmpty()) {
            return;
        }
        Result r = call(List.of("network", "inspect", "--format", "{{.NetworkInterface}}", network), TIMEOUT);
        if (r.code != 0) {
            return;
        }
        for (String tool : List.of("iptables", "ip6tables")) {
            host(Argv.hostIsolation(rootless.get(), tool, "-D", r.out.strip(), network));
        }
    }

    private Result host(List<String> argv) {
        Process p;
        try {
            p = processes.apply(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new Result(127, "", e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, "", "timed out");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "", "interrupted");
        }
    }

    @Override
    public void connect(String network, String container) {
        check(List.of("network", "connect", network, container));
    }

    @Override
    public void create(ContainerSpec spec) {
        check(Argv.container(kind, facts().rootless(), spec));
    }

    @Override
    public void start(String container) {
        check(List.of("start", container));
    }

    @Override
    public int startAttached(ContainerSpec spec) {
        return attached(Argv.startAttached(spec));
    }

    @Override
    public int exec(String container, List<String> command, boolean stdin, boolean tty, String workdir, String user) {
        return attached(Argv.exec(container, command, stdin, tty, workdir, user));
    }

    @Override
    public Optional<ContainerState> awaitStop(String container) {
        try {
            Process p = builder(Argv.await(container)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        } catch (IOException e) {
            throw notFound(e);
        }
        return state(container).filter(s -> !s.running());
    }

    @Override
    public void execInput(String container, String user, List<String> command, byte[] input) {
        List<String> argv = Argv.exec(container, command, true, false, null, user);
        Result r = run(argv, TIMEOUT, input);
        if (r.code != 0) {
            throw failed(argv, r);
        }
    }

    @Override
    public String logs(String container) {
        Result r = call(List.of("logs", container), TIMEOUT);
        return r.out + r.err;
    }

    @Override
    public int oomKills(String container) {
        // cgroup v2 counts in memory.events, v1 in memory.oom_control; both say "oom_kill N".
        Result r = call(List.of("exec", container, "cat", "/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"),
                TIMEOUT);
        return r.out.lines().filter(l -> l.startsWith("oom_kill ")).mapToInt(l -> Integer.parseInt(l.substring(9).strip()))
                .findFirst().orElse(-1);
    }

    @Override
    public Optional<ContainerState> state(String container) {
        Result r = call(List.of("inspect", "--type", "container", "--format",
                "{{.State.Status}}|{{.State.Running}}|{{.State.ExitCode}}|{{.State.OOMKilled}}", container), TIMEOUT);
        if (r.code != 0) {
            return Optional.empty();
        }
        String[] p = r.out.strip().split("\\|");
        return Optional.of(new ContainerState(p[0], Boolean.parseBoolean(p[1]), Integer.parseInt(p[2]), Boolean.parseBoolean(p[3])));
    }

    @Override
    public List<String> containers(Map<String, String> labels) {
        List<String> a = new ArrayList<>(List.of("ps", "--all", "--format", "{{.Names}}"));
        a.addAll(Argv.labelFilters(labels));
        return lines(check(a).out);
    }

    @Override
    public List<String> networks(Map<String, String> labels) {
        List<String> a = new ArrayList<>(List.of("network", "ls", "--format", "{{.Name}}"));
        a.addAll(Argv.labelFilters(labels));
        return lines(check(a).out);
    }

    @Override
    public Map<String, String> containerLabels(String container) {
        return parseLabels(check(List.of("inspect", "--type", "container", "--format",
                "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}}\n{{end}}", container)));
    }

    @Override
    public Map<String, String> networkLabels(String network) {
        Result r = call(List.of("network", "inspect", "--format", "{{range $k, $v := .Labels}}{{$k}}={{$v}}\n{{end}}", network),
                TIMEOUT);
        return r.code == 0 ? parseLabels(r) : Map.of();
    }

    private static Map<String, String> parseLabels(Result r) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String line : lines(r.out)) {
            int i = line.indexOf('=');
            if (i > 0) {
                labels.put(line.substring(0, i), line.substring(i + 1));
            }
        }
        return labels;
    }

    @Override
    public void removeContainers(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        List<String> a = new ArrayList<>(List.of("rm", "--force"));
        if (kind == EngineKind.PODMAN) {
            a.addAll(List.of("--ignore", "--time", "0"));
        }
        a.addAll(names);
        Result r = call(a, TIMEOUT);
        if (r.code != 0 && !r.err.toLowerCase().contains("no such container")) {
            throw failed(a, r);
        }
    }

    @Override
    public void removeNetworks(List<String> names) {
        for (String n : names) {
            Result r = call(List.of("network", "rm", n), TIMEOUT);
            String e = r.err.toLowerCase();
            if (r.code != 0 && !e.contains("not found") && !e.contains("no such network")) {
                throw failed(List.of("network", "rm", n), r);
            }
        }
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
        int code = log == null ? attached(a) : attached(builder(a).redirectErrorStream(true).redirectOutput(log.toFile()));
        if (code != 0) {
            throw new EngineException("building " + tag + " failed (exit " + code + ")",
                    "read the build output " + (log == null ? "above" : "in " + log) + "; a missing base image can be made "
                            + "with --base-from-mirror, and a TLS error (self-signed certificate in chain) means the network "
                            + "re-signs TLS: pass --build-ca PEM");
        }
    }

    @Override
    public boolean pull(String image) {
        return call(List.of("pull", image), Duration.ofSeconds(300)).code == 0;
    }

    @Override
    public void importRootfs(Path tarball, String tag) {
        check(List.of("import", tarball.toString(), tag));
    }

    @Override
    public EngineFacts facts() {
        EngineFacts f = facts;
        if (f == null) {
            f = localRootfulPodman() ? new EngineFacts(kind, false, 0) : EngineFacts.of(this);
            facts = f;
        }
        return f;
    }

    /**
     * Podman's command line run by root on this machine (no remote connection) is rootful Podman, whose limits hold on
     * every cgroup version: 'podman info' (about 0.2 s, at every start and stop) need not be asked. 'paude doctor'
     * asks it anyway, to name the cgroup version ({@link EngineFacts#of}).
     */
    /** The engine's command line runs as root (paude's own user). */
    private static boolean byRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private boolean localRootfulPodman() {
        return kind == EngineKind.PODMAN && byRoot()
                && System.getenv("CONTAINER_HOST") == null && System.getenv("CONTAINER_CONNECTION") == null;
    }

    @Override
    public String info(String format) {
        return check(List.of("info", "--format", format)).out.strip();
    }

    @Override
    public String inspect(String object, String format) {
        return check(List.of("inspect", "--format", format, object)).out.strip();
    }

    /** Builds the process for argv (without the executable) through the seam. */
    ProcessBuilder builder(List<String> argv) {
        List<String> full = new ArrayList<>();
        full.add(kind.executable());
        full.addAll(argv);
        return processes.apply(full);
    }

    private int attached(List<String> argv) {
        return attached(builder(argv).inheritIO());
    }

    /**
     * Runs the engine's CLI attached to this terminal. Interrupted (a {@link ContainerEngine#awaitStop} that returned,
     * see session/SandboxWatch), it ends the CLI process rather than leave it waiting on a container that is gone.
     */
    private int attached(ProcessBuilder pb) {
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw notFound(e);
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException again) {
                p.destroyForcibly();
            }
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private Result check(List<String> argv) {
        Result r = call(argv, TIMEOUT);
        if (r.code != 0) {
            throw failed(argv, r);
        }
        return r;
    }

    /**
     * Runs the engine's CLI. A call that fails before the engine has answered once asks it for its version first:
     * an engine that does not answer is reported as that, with its fix, whichever call met it first (the start does
     * not wait for a version check of its own when the engine was named).
     */
    private Result call(List<String> argv, Duration timeout) {
        Result r = run(argv, timeout);
        if (r.code == 0) {
            answered = true;
        } else if (!answered) {
            serverVersion();
        }
        return r;
    }

    private Result run(List<String> argv, Duration timeout) {
        return run(argv, timeout, null);
    }

    /** Runs the engine's CLI with {@code input} (or nothing: /dev/null) on its standard input. */
    private Result run(List<String> argv, Duration timeout, byte[] input) {
        Process p;
        try {
            p = builder(argv).redirectInput(input != null ? ProcessBuilder.Redirect.PIPE
                    : ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw notFound(e);
        }
        if (input != null) {
            try (var in = p.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                // the command ended before it read its input: its exit code and message say why
            }
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new EngineException("'" + kind.executable() + " " + String.join(" ", argv) + "' did not finish in "
                        + timeout.toSeconds() + " s", "check that the engine is healthy ('" + kind.executable() + " info')");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while running " + kind.executable(), "run the command again");
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private EngineException notFound(IOException e) {
        return new EngineException(kind.executable() + " was not found on the PATH (" + e.getMessage() + ")",
                "install " + kind.executable() + " or choose the other engine with --engine / PAUDE_ENGINE");
    }

    private EngineException failed(List<String> argv, Result r) {
        return new EngineException("'" + kind.executable() + " " + String.join(" ", argv) + "' failed (exit " + r.code + "): "
                + r.err.strip(), fixFor(r.err));
    }

    /** The fix for an engine failure whose cause is known; otherwise the engine's own message is all there is. */
    static String fixFor(String err) {
        if (err.contains("crun") && err.contains("hybrid mode")) {
            // Debian's podman takes crun when it is installed alone; crun refuses hosts with controllers in both cgroup
            // hierarchies, runc does not.
            return "this host mixes cgroup v1 and v2, which crun refuses: install runc (apt-get install runc) and set "
                    + "runtime = \"runc\" under [engine] in /etc/containers/containers.conf or a file of /etc/containers/containers.conf.d/ "
                    + "('.ci/setup-engine podman' does both)";
        }
        return "see the engine's message above";
    }

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }

    private static List<String> lines(String s) {
        return Arrays.stream(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private record Result(int code, String out, String err) {
    }
}
