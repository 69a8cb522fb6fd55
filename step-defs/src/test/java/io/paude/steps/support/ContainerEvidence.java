package io.paude.steps.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the engine reports of one container (an agent or a proxy), read with ONE {@code inspect} and parsed: the
 * configuration evidence a step checks a guarantee by (mounts, environment, security options, tmpfs, state, labels,
 * limits, runtime, network). Where Docker and Podman report the same fact differently this is the one place that
 * knows: the runtime (Docker's HostConfig.Runtime, Podman's OCIRuntime), the ulimit names ("nofile" on Docker,
 * "RLIMIT_NOFILE" on Podman, both read as "nofile" here), the capabilities (Podman reports the first process's sets),
 * where the engine's log file is, and the user namespace's uid map (Podman's HostConfig.IDMappings.UidMap; Docker
 * reports none).
 *
 * <p>A snapshot: what the engine configured at create does not change, but {@link #state()} and {@link #networks()}
 * can during a scenario. A step that checks those after something happened reads them anew with {@link #refresh()}
 * (the World's {@code refreshedAgent()}), never from an older snapshot.
 *
 * @param raw the engine's whole inspect output, for "holds no copy of X anywhere" checks
 * @param networks the container's networks, each with its IPv4 address there
 * @param uidMap the user namespace's uid map, a line "inside:outside:count" a range; empty where the engine reports
 *     none (Docker; Podman without a mapping of its own)
 */
public record ContainerEvidence(String name, String raw, String user, List<String> env, List<String> cmd,
        Map<String, String> labels, List<Mount> mounts, Map<String, String> tmpfs, boolean readOnlyRoot,
        List<String> securityOpt, Limits limits, Caps caps, String runtime, Log log, Map<String, String> networks,
        State state, List<String> uidMap) {

    /** One mount as the engine reports it. */
    public record Mount(String type, String source, String destination, boolean rw) {
    }

    /** Running, and how it ended when it no longer runs. */
    public record State(boolean running, int exitCode, boolean oomKilled) {
    }

    /** A resource limit's soft and hard value. */
    public record Ulimit(long soft, long hard) {
    }

    /**
     * The cgroup limits and the ulimits, by their short name ("nofile", "nproc"). Docker reports no pids limit as 0
     * or null (read as 0).
     */
    public record Limits(long nanoCpus, long memory, long memorySwap, long pidsLimit, Map<String, Ulimit> ulimits) {
        public Ulimit ulimit(String shortName) {
            Ulimit u = ulimits.get(shortName);
            if (u == null) {
                throw new AssertionError("the engine reports no ulimit '" + shortName + "': " + ulimits);
            }
            return u;
        }
    }

    /**
     * Capabilities without the "CAP_" prefix. Docker reports the request (dropped, added); Podman the resulting
     * effective and bounding sets of the container's first process (empty lists where the engine has none).
     */
    public record Caps(List<String> drop, List<String> add, List<String> effective, List<String> bounding) {
    }

    /**
     * The engine's log driver: its type, options (Docker's max-size, max-file), Podman's reported size ("65.54kB")
     * and the host path of the log file (Docker's LogPath, Podman's LogConfig.Path).
     */
    public record Log(String type, Map<String, String> options, String size, String path) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One inspect of {@code container} on the suite's engine. */
    public static ContainerEvidence read(String container) {
        return parse(container, Engine.ok("inspect", "--type", "container", container), Engine.NAME);
    }

    /** The same container read again: its state now (a new snapshot; this one is unchanged). */
    public ContainerEvidence refresh() {
        return read(name);
    }

    /** Parses {@code engine}'s ("docker" or "podman") inspect output of one container. */
    public static ContainerEvidence parse(String name, String inspect, String engine) {
        JsonNode all;
        try {
            all = JSON.readTree(inspect);
        } catch (IOException e) {
            throw new AssertionError("not the JSON of an inspect of " + name + ": " + inspect, e);
        }
        if (!all.isArray() || all.size() != 1) {
            throw new AssertionError("the inspect of " + name + " reports " + all.size() + " objects, not one: " + inspect);
        }
        JsonNode c = all.get(0);
        JsonNode config = c.path("Config");
        JsonNode host = c.path("HostConfig");
        boolean podman = engine.equals("podman");
        List<Mount> mounts = new ArrayList<>();
        c.path("Mounts").forEach(m -> mounts.add(new Mount(m.path("Type").asText(), m.path("Source").asText(),
                m.path("Destination").asText(), m.path("RW").asBoolean())));
        Map<String, Ulimit> ulimits = new LinkedHashMap<>();
        host.path("Ulimits").forEach(u -> ulimits.put(u.path("Name").asText().toLowerCase(Locale.ROOT).replace("rlimit_", ""),
                new Ulimit(u.path("Soft").asLong(), u.path("Hard").asLong())));
        Limits limits = new Limits(host.path("NanoCpus").asLong(), host.path("Memory").asLong(),
                host.path("MemorySwap").asLong(), host.path("PidsLimit").asLong(), Map.copyOf(ulimits));
        Caps caps = new Caps(capNames(host.path("CapDrop")), capNames(host.path("CapAdd")),
                capNames(c.path("EffectiveCaps")), capNames(c.path("BoundingCaps")));
        JsonNode log = host.path("LogConfig");
        Log logs = new Log(log.path("Type").asText(), strings(log.path("Config")), log.path("Size").asText(),
                (podman ? log.path("Path") : c.path("LogPath")).asText());
        Map<String, String> networks = new LinkedHashMap<>();
        c.path("NetworkSettings").path("Networks").fields()
                .forEachRemaining(n -> networks.put(n.getKey(), n.getValue().path("IPAddress").asText()));
        JsonNode state = c.path("State");
        return new ContainerEvidence(name, inspect, config.path("User").asText(), list(config.path("Env")),
                list(config.path("Cmd")), strings(config.path("Labels")), List.copyOf(mounts), strings(host.path("Tmpfs")),
                host.path("ReadonlyRootfs").asBoolean(), list(host.path("SecurityOpt")), limits, caps,
                (podman ? c.path("OCIRuntime") : host.path("Runtime")).asText(), logs,
                java.util.Collections.unmodifiableMap(networks),
                new State(state.path("Running").asBoolean(), state.path("ExitCode").asInt(), state.path("OOMKilled").asBoolean()),
                list(host.path("IDMappings").path("UidMap")));
    }

    /** The value of a label, "" when the container has none by that name. */
    public String label(String key) {
        return labels.getOrDefault(key, "");
    }

    /** The options of the tmpfs at {@code path} ("rw,size=64m,mode=0700"), "" where there is none. */
    public String tmpfsAt(String path) {
        return tmpfs.getOrDefault(path, "");
    }

    /** The sources of the mounts, writable ones only when {@code writableOnly}. */
    public List<String> mountSources(boolean writableOnly) {
        return mounts.stream().filter(m -> !writableOnly || m.rw()).map(Mount::source).toList();
    }

    /** The mounts whose source or destination holds {@code text}. */
    public List<Mount> mountsNaming(String text) {
        return mounts.stream().filter(m -> m.source().contains(text) || m.destination().contains(text)).toList();
    }

    /** The destinations of the writable mounts. */
    public List<String> writableDestinations() {
        return mounts.stream().filter(Mount::rw).map(Mount::destination).toList();
    }

    /** The mount at {@code destination}, failing with every mount named when there is none. */
    public Mount mountAt(String destination) {
        return mounts.stream().filter(m -> m.destination().equals(destination)).findFirst()
                .orElseThrow(() -> new AssertionError("no mount at " + destination + " in " + name + ": " + mounts));
    }

    /** The names of the networks the container is attached to. */
    public List<String> networkNames() {
        return List.copyOf(networks.keySet());
    }

    /** The container's IPv4 address on {@code network}, failing when it is not on it. */
    public String addressOn(String network) {
        String ip = networks.get(network);
        if (ip == null || ip.isEmpty()) {
            throw new AssertionError(name + " has no address on " + network + "; its networks: " + networks);
        }
        return ip;
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    private static List<String> capNames(JsonNode array) {
        return list(array).stream().map(s -> s.replaceFirst("^CAP_", "")).toList();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return java.util.Collections.unmodifiableMap(out);
    }
}
