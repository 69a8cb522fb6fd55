package io.paude.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paude.policy.Refusal;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * What the engine says about itself that decides whether a session's guarantees hold: whether it runs rootless and
 * on which cgroup version. A rootless engine on cgroup v1 cannot enforce the CPU, memory and pids limits (rootless
 * Podman drops them with a warning; rootless Docker refuses them), so a session there is refused unless the user
 * accepts, loudly, a sandbox without them ({@link #ACCEPT_FLAG}).
 *
 * @param rootless      the engine runs as an ordinary user (Podman's host.security.rootless; Docker's
 *                      SecurityOptions name=rootless)
 * @param cgroupVersion 1 or 2; 0 when the engine did not say
 * @param controllers   the cgroup v2 controllers delegated to the engine (Podman's host.cgroupControllers); null when
 *                      the engine does not say (Docker)
 */
public record EngineFacts(EngineKind kind, boolean rootless, int cgroupVersion, java.util.Set<String> controllers) {
    /** The controllers of the limits paude sets: CPU, memory and pids. */
    public static final java.util.List<String> LIMIT_CONTROLLERS = java.util.List.of("cpu", "memory", "pids");

    /** The opt-in flag of run, start and demo. */
    public static final String ACCEPT_FLAG = "--accept-unenforced-limits";
    public static final String FIX = "run paude with rootful Podman or with Docker, or boot the host with cgroup v2 "
            + "(kernel parameter systemd.unified_cgroup_hierarchy=1); or accept a sandbox without CPU, memory and "
            + "pids limits with " + ACCEPT_FLAG + " (a runaway agent can then exhaust the host)";
    /** On cgroup v2, what a rootless engine without the controllers needs. */
    public static final String DELEGATE_FIX = "delegate the cpu, memory and pids controllers to your user (systemd: a "
            + "drop-in for user@.service with Delegate=cpu cpuset io memory pids, then log in again), or run paude with "
            + "rootful Podman or with Docker; or accept a sandbox without those limits with " + ACCEPT_FLAG;

    public EngineFacts {
        controllers = controllers == null ? null : java.util.Set.copyOf(controllers);
    }

    public EngineFacts(EngineKind kind, boolean rootless, int cgroupVersion) {
        this(kind, rootless, cgroupVersion, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Asks the engine ({@code info}). */
    public static EngineFacts of(ContainerEngine engine) {
        return parse(engine.kind(), engine.info("{{json .}}"));
    }

    /** From the JSON of {@code podman info --format json} or {@code docker info --format '{{json .}}'}. */
    public static EngineFacts parse(EngineKind kind, String infoJson) {
        JsonNode info;
        try {
            info = JSON.readTree(infoJson);
        } catch (java.io.IOException e) {
            throw new EngineException("cannot read the engine's 'info': " + e.getMessage(),
                    "check that '" + kind.executable() + " info' answers");
        }
        if (kind == EngineKind.PODMAN) {
            JsonNode host = info.path("host");
            java.util.Set<String> controllers = new java.util.TreeSet<>();
            host.path("cgroupControllers").forEach(c -> controllers.add(c.asText()));
            return new EngineFacts(kind, host.path("security").path("rootless").asBoolean(false),
                    version(host.path("cgroupVersion").asText("")), controllers);
        }
        boolean rootless = false;
        for (JsonNode option : info.path("SecurityOptions")) {
            rootless |= java.util.Arrays.asList(option.asText().split(",")).contains("name=rootless");
        }
        return new EngineFacts(kind, rootless, version(info.path("CgroupVersion").asText("")));
    }

    private static int version(String v) {
        String digits = v.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    /**
     * Whether the engine enforces the agent's CPU, memory and pids limits: not when rootless on cgroup v1, nor when
     * rootless on cgroup v2 without those controllers delegated to the user.
     */
    public boolean limitsEnforced() {
        return problem().isEmpty();
    }

    /** Why the limits are not enforced, when they are not. */
    public Optional<String> problem() {
        if (!rootless) {
            return Optional.empty();
        }
        if (cgroupVersion == 1) {
            return Optional.of("rootless " + kind.id() + " on a host with cgroup v1 cannot enforce the sandbox's CPU, "
                    + "memory and pids limits (it drops them)");
        }
        java.util.List<String> missing = controllers == null ? java.util.List.of()
                : LIMIT_CONTROLLERS.stream().filter(c -> !controllers.contains(c)).toList();
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("rootless " + kind.id() + " cannot enforce the sandbox's limits without the cgroup "
                        + "controllers " + String.join(", ", missing) + ", which are not delegated to this user (it drops them)");
    }

    /** The fix of {@link #problem}. */
    public String fix() {
        return cgroupVersion == 1 ? FIX : DELEGATE_FIX;
    }

    /**
     * Before anything is created: refuses a session whose limits the engine cannot enforce, unless {@code accepted};
     * an accepted one is warned about at every start. Returns whether the limits are enforced.
     */
    public boolean requireEnforcedLimits(boolean accepted, PrintWriter err) {
        Optional<String> problem = problem();
        if (problem.isEmpty()) {
            return true;
        }
        if (!accepted) {
            throw new Refusal(problem.get(), fix());
        }
        err.println("paude: WARNING: " + problem.get() + "; starting anyway because of " + ACCEPT_FLAG
                + ": a runaway agent can exhaust this host's CPU, memory or processes (recorded in the session record)");
        err.flush();
        return false;
    }

    /** How a rootful engine, or a rootless one, is described ({@code paude doctor}). */
    public String describe() {
        return kind.id() + (rootless ? " rootless" : " rootful") + ", cgroup "
                + (cgroupVersion == 0 ? "version unknown" : "v" + cgroupVersion);
    }
}
