package io.paude.session;

import io.paude.audit.Recorder;
import io.paude.plan.ContainerSpec;
import io.paude.plan.NetworkSpec;
import io.paude.plan.Planner;
import io.paude.policy.Mount;
import io.paude.runtime.ContainerState;
import io.paude.runtime.EngineException;
import io.paude.runtime.EngineFacts;
import io.paude.runtime.EngineKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A container engine in memory, for the session's choreography: it records every call (with the thread that made
 * it), keeps the containers, networks and host isolation a session created, and plays the parts of the containers
 * as far as the launcher can see them. The proxy is ready once started (squid's line in its cache log) unless a test
 * lets it die; the agent's recorder waits for {@link Recorder#READY_FILE} (or its container's removal: exit 137), runs
 * the test's {@link Agent}, writes the end of its main stream and exits with the agent's code. A test scripts failures
 * with {@link #failOn} and a container's end with {@link #exit}. What a start and a stop never ask is {@link UnusedEngine}'s.
 */
final class FakeEngine extends UnusedEngine {
    /** What the agent's command does once the recorder released it; returns its exit code. */
    interface Agent {
        int run(FakeEngine engine, ContainerSpec spec) throws InterruptedException;
    }

    /** Exit code of a container removed (SIGKILL) while it ran. */
    static final int KILLED = 137;
    private static final long WAIT_MS = 20_000;

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ContainerSpec> specs = new LinkedHashMap<>();
    private final Map<String, ContainerState> states = new LinkedHashMap<>();
    private final Map<String, NetworkSpec> networks = new LinkedHashMap<>();
    private final Set<String> isolated = new LinkedHashSet<>();
    private final Map<String, RuntimeException> failures = new LinkedHashMap<>();
    private final List<NetworkSpec> networksMade = new ArrayList<>();
    private final List<ContainerSpec> containersMade = new ArrayList<>();
    volatile Agent agent = (engine, spec) -> 0;
    volatile boolean imagesPresent = true;
    volatile boolean proxyDiesAtStart;
    volatile boolean recorderWritesEnd = true;
    volatile boolean oomKilled;
    volatile int subnetsTaken;
    volatile boolean agentCommandRan;

    /** The next call {@code operation} ("create", "start", ...) of a name that ends with {@code suffix} throws {@code failure}. */
    synchronized FakeEngine failOn(String operation, String suffix, RuntimeException failure) {
        failures.put(operation + " " + suffix, failure);
        return this;
    }

    /** Ends a running container with {@code code}, as the engine would report a process that died. */
    synchronized void exit(String container, int code) {
        if (states.containsKey(container)) {
            states.put(container, new ContainerState("exited", false, code, false));
            notifyAll();
        }
    }

    /** What is still there: containers, networks and the host's isolation rules. */
    synchronized List<String> leftBehind() {
        List<String> left = new ArrayList<>(states.keySet());
        left.addAll(networks.keySet());
        isolated.forEach(n -> left.add("isolation of " + n));
        return left;
    }

    List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    synchronized List<NetworkSpec> networksMade() {
        return List.copyOf(networksMade);
    }

    synchronized List<ContainerSpec> containersMade() {
        return List.copyOf(containersMade);
    }

    /** Waits until {@code container} is gone (removed); false after the wait's limit. */
    synchronized boolean awaitRemoved(String container) throws InterruptedException {
        return await(() -> !states.containsKey(container));
    }

    private synchronized boolean await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.currentTimeMillis() + WAIT_MS;
        while (!done.getAsBoolean()) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 20));
        }
        return true;
    }

    private synchronized void call(String what) {
        calls.add(Thread.currentThread().getName() + ": " + what);
        for (String f : List.copyOf(failures.keySet())) {
            String[] opSuffix = f.split(" ", 2);
            if (what.startsWith(opSuffix[0] + " ") && what.endsWith(opSuffix[1])) {
                throw failures.remove(f);
            }
        }
    }

    @Override
    public EngineKind kind() {
        return EngineKind.DOCKER;
    }

    @Override
    public EngineFacts facts() {
        return new EngineFacts(EngineKind.DOCKER, false, 2);
    }

    @Override
    public boolean imageExists(String image) {
        call("imageExists " + image);
        return imagesPresent;
    }

    @Override
    public synchronized boolean createNetwork(NetworkSpec spec) {
        call("createNetwork " + spec.name());
        networksMade.add(spec);
        if (subnetsTaken > 0) {
            subnetsTaken--;
            return false;
        }
        networks.put(spec.name(), spec);
        return true;
    }

    @Override
    public Optional<Boolean> namesResolveOn(String network) {
        return Optional.of(true);
    }

    @Override
    public void connect(String network, String container) {
        call("connect " + network + " " + container);
    }

    @Override
    public synchronized void isolateFromHost(String network) {
        call("isolateFromHost " + network);
        isolated.add(network);
    }

    @Override
    public synchronized void releaseHostIsolation(String network) {
        call("releaseHostIsolation " + network);
        isolated.remove(network);
    }

    @Override
    public synchronized void create(ContainerSpec spec) {
        call("create " + spec.name());
        containersMade.add(spec);
        specs.put(spec.name(), spec);
        states.put(spec.name(), new ContainerState("created", false, 0, false));
        notifyAll();
    }

    @Override
    public synchronized void start(String container) {
        call("start " + container);
        ContainerSpec spec = specs.get(container);
        if (!states.containsKey(container)) {
            throw new EngineException("no such container: " + container, "");
        }
        boolean proxy = spec.name().endsWith("-proxy");
        if (proxy && proxyDiesAtStart) {
            states.put(container, new ContainerState("exited", false, 1, false));
            return;
        }
        states.put(container, new ContainerState("running", true, 0, false));
        if (proxy) {
            write(source(spec, Planner.PROXY_LOG_DIR).resolve("cache.log"), ProxyReadiness.READY + "\n");
        }
        notifyAll();
    }

    @Override
    public int startAttached(ContainerSpec spec) {
        call("startAttached " + spec.name());
        synchronized (this) {
            if (!states.containsKey(spec.name())) {
                return 1; // removed before it was started (a check's refusal can be that quick): the engine's start fails
            }
            states.put(spec.name(), new ContainerState("running", true, 0, false));
            notifyAll();
        }
        Path audit = source(spec, Recorder.LOG_DIR);
        try {
            if (spec.command().contains("--ready") && !await(() -> !states.containsKey(spec.name())
                    || Files.exists(audit.resolve(Recorder.READY_FILE)))) {
                throw new AssertionError("the agent was neither released nor removed");
            }
            if (!isRunning(spec.name())) {
                return KILLED; // removed before its command was released: the recorder never started it
            }
            agentCommandRan = true;
            int code = agent.run(this, spec);
            if (recorderWritesEnd && isRunning(spec.name())) {
                write(audit.resolve(Recorder.MAIN + ".000000"), "{\"ev\":\"end\",\"t\":2.5,\"code\":" + code + "}\n");
            }
            synchronized (this) {
                if (states.containsKey(spec.name())) {
                    states.put(spec.name(), new ContainerState("exited", false, code, oomKilled));
                }
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    synchronized boolean isRunning(String container) {
        return Optional.ofNullable(states.get(container)).map(ContainerState::running).orElse(false);
    }

    @Override
    public String logs(String container) {
        return "FATAL: the fake proxy died";
    }

    @Override
    public synchronized Optional<ContainerState> state(String container) {
        return Optional.ofNullable(states.get(container));
    }

    @Override
    public synchronized List<String> containers(Map<String, String> labels) {
        return specs.values().stream().filter(s -> states.containsKey(s.name()) && matches(s.labels(), labels))
                .map(ContainerSpec::name).toList();
    }

    @Override
    public synchronized List<String> networks(Map<String, String> labels) {
        return networks.values().stream().filter(n -> matches(n.labels(), labels)).map(NetworkSpec::name).toList();
    }

    private static boolean matches(Map<String, String> have, Map<String, String> want) {
        Predicate<Map.Entry<String, String>> ok = w -> have.containsKey(w.getKey())
                && (w.getValue() == null || w.getValue().equals(have.get(w.getKey())));
        return want.entrySet().stream().allMatch(ok);
    }

    @Override
    public synchronized Map<String, String> containerLabels(String container) {
        if (!states.containsKey(container)) {
            throw new EngineException("no such container: " + container, "");
        }
        return specs.get(container).labels();
    }

    @Override
    public synchronized Map<String, String> networkLabels(String network) {
        return Optional.ofNullable(networks.get(network)).map(NetworkSpec::labels).orElse(Map.of());
    }

    @Override
    public synchronized void removeContainers(List<String> names) {
        call("removeContainers " + String.join(" ", names));
        for (String n : names) { // a recorder that saw its release while it ran has started the agent's command
            ContainerSpec spec = specs.get(n);
            if (isRunning(n) && spec.command().contains("--ready")
                    && Files.exists(source(spec, Recorder.LOG_DIR).resolve(Recorder.READY_FILE))) {
                agentCommandRan = true;
            }
        }
        names.forEach(states::remove);
        notifyAll();
    }

    @Override
    public synchronized void removeNetworks(List<String> names) {
        call("removeNetworks " + String.join(" ", names));
        names.forEach(networks::remove);
    }

    /** The host directory mounted at {@code target} in {@code spec}. */
    private static Path source(ContainerSpec spec, String target) {
        return spec.mounts().stream().filter(m -> m.target().equals(target)).map(Mount::source).findFirst()
                .orElseThrow(() -> new AssertionError(spec.name() + " has no mount at " + target));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
