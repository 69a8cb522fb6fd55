package io.paude.runtime;

import io.paude.plan.ContainerSpec;
import io.paude.plan.NetworkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container engine, as paude needs it. JDK types only; implementations shell out to an engine CLI, check every
 * exit code, and put the engine's error into the {@link EngineException}.
 */
public interface ContainerEngine {
    EngineKind kind();

    /** The server version; throws when the engine is missing or not running, with the fix. */
    String serverVersion();

    boolean imageExists(String image);

    /** Creates a network; returns false when its subnet overlaps an existing one (the caller picks another). */
    boolean createNetwork(NetworkSpec spec);

    boolean networkExists(String name);

    /**
     * Whether containers on an existing network find each other by name and network alias (Docker's user-defined
     * networks; Podman's networks with DNS, which need netavark's aardvark-dns or CNI's dnsname plugin); empty when
     * the network does not exist.
     */
    Optional<Boolean> namesResolveOn(String network);

    /**
     * Proves by behaviour that network aliases resolve: two containers of {@code image} on a new internal network,
     * the second looking up the first's alias; everything created is removed again. Empty when the alias resolved,
     * otherwise what went wrong; throws when a container cannot run at all. What the proxy needs to reach a host that is a container (a fixture, a service of
     * the user's) on its egress network.
     */
    Optional<String> aliasProbe(String image);

    /**
     * Runs a throw-away container of {@code image} under the runtime the engine knows as {@code runtime} and says what
     * its processes see of their kernel; a {@link RuntimeProbe#failed} one when the engine cannot run it.
     */
    RuntimeProbe runtimeProbe(String image, String runtime);

    void connect(String network, String container);

    /**
     * Makes sure containers on an internal network cannot reach services on the host through the host's end of
     * the bridge. Docker needs nothing here (the bridge gets no address, see {@link Argv#network}); rootful
     * podman gives the bridge an address, so the host drops what arrives from it; rootless podman gives it one in the
     * user's rootless network namespace, which drops it there (that namespace, with its rules, lasts while a container
     * on a bridge keeps it: made again once the session's proxy runs). Idempotent. Throws when that cannot be done:
     * a session whose agent could reach the host does not start.
     */
    void isolateFromHost(String network);

    /** Undoes {@link #isolateFromHost}; missing rules are ignored. */
    void releaseHostIsolation(String network);

    void create(ContainerSpec spec);

    void start(String container);

    /**
     * Starts a created container in the foreground with this process's standard streams (its stdin when the spec
     * keeps it); returns its exit code.
     */
    int startAttached(ContainerSpec spec);

    /**
     * Runs a command in a running container with this process's standard streams, as {@code user} (null: the
     * container's user); returns its exit code.
     */
    int exec(String container, List<String> command, boolean stdin, boolean tty, String workdir, String user);

    /**
     * Blocks until {@code container} stops and returns its state then; empty when interrupted first (which ends the
     * wait) or when the container is gone. Used to watch an agent whose end would leave an exec waiting.
     */
    Optional<ContainerState> awaitStop(String container);

    /**
     * Runs {@code command} in a running container as {@code user} with {@code input} on its standard input, and
     * fails (with the engine's message) unless it exits 0. For values that must not appear in any command line, the
     * engine's inspect output or a file on the host: the model gateway's credential.
     */
    void execInput(String container, String user, List<String> command, byte[] input);

    String logs(String container);

    /**
     * How many processes the kernel's OOM killer has killed in a running container's memory cgroup; -1 when
     * that cannot be read. Unlike {@link ContainerState#oomKilled()} it also counts kills of commands run by
     * {@link #exec}, which leave the container running.
     */
    int oomKills(String container);

    Optional<ContainerState> state(String container);

    /** Names of containers carrying all the given labels, running or not. */
    List<String> containers(Map<String, String> labels);

    /** Names of networks carrying all the given labels. */
    List<String> networks(Map<String, String> labels);

    Map<String, String> containerLabels(String container);

    /** Labels of a network; empty when it is gone. */
    Map<String, String> networkLabels(String network);

    /** Removes containers at once (SIGKILL); missing ones are ignored. */
    void removeContainers(List<String> names);

    /** Removes networks; missing ones are ignored. */
    void removeNetworks(List<String> names);

    /** Builds an image, streaming the engine's progress to this process's output. */
    void build(Path context, String tag, Map<String, String> buildArgs);

    /**
     * As {@link #build(Path, String, Map)}, the engine's output written to {@code log} instead (a quiet build: the
     * caller shows its tail on failure). An engine that cannot redirect streams it.
     */
    default void build(Path context, String tag, Map<String, String> buildArgs, Path log) {
        build(context, tag, buildArgs);
    }

    /** Tries to pull an image; false when it cannot be had (no registry, unknown name). */
    boolean pull(String image);

    /** Imports a root file system tarball as an image. */
    void importRootfs(Path tarball, String tag);

    /** Whether the engine is rootless and on which cgroup version (from {@link #info}). */
    default EngineFacts facts() {
        return EngineFacts.of(this);
    }

    /** The engine's own description ({@code info}) through a Go template. */
    String info(String format);

    /** The engine's view of an object (container, network, image) through a Go template. */
    String inspect(String object, String format);
}
