package io.paude.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the user decided about one sandbox. Plain data, validated, no I/O beyond checking the workspace
 * exists. The secure choice is the default of every field; opening anything up is explicit.
 *
 * @param agent      the program to run
 * @param workspace  the project directory, mounted read-write at the same path
 * @param allowlist  hosts the proxy lets through (ignored in {@link NetworkMode#OPEN})
 * @param network    filtered (default) or open
 * @param limits     resource limits of the agent
 * @param mounts     further host directories (credentials, config), each with its access mode
 * @param env        environment passed into the agent, by explicit list
 * @param command    the command to run instead of the agent's default; empty for the agent itself
 * @param model      how the agent reaches its model, and (once resolved) the gateway that holds its credential
 */
public record SandboxPolicy(
        AgentKind agent,
        Path workspace,
        Allowlist allowlist,
        NetworkMode network,
        Limits limits,
        List<Mount> mounts,
        Map<String, String> env,
        List<String> command,
        ModelAccess model) {

    /** A policy whose model access is chosen from the host's environment ({@link ModelAccess#AUTO}). */
    public SandboxPolicy(AgentKind agent, Path workspace, Allowlist allowlist, NetworkMode network, Limits limits,
            List<Mount> mounts, Map<String, String> env, List<String> command) {
        this(agent, workspace, allowlist, network, limits, mounts, env, command, ModelAccess.AUTO);
    }

    public SandboxPolicy {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(allowlist, "allowlist");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(limits, "limits");
        workspace = workspace.toAbsolutePath().normalize();
        if (!Files.isDirectory(workspace)) {
            throw new PolicyException("workspace " + workspace + " does not exist or is not a directory",
                    "run paude from your project directory or pass --workspace DIR");
        }
        if (workspace.getNameCount() == 0) {
            throw new PolicyException("the workspace cannot be the root directory /", "pass --workspace with a project directory");
        }
        mounts = List.copyOf(mounts);
        env = Map.copyOf(env);
        command = List.copyOf(command);
    }

    /** This policy with further mounts (for example read-only credentials). */
    public SandboxPolicy withMounts(List<Mount> more) {
        List<Mount> all = new java.util.ArrayList<>(mounts);
        all.addAll(more);
        return new SandboxPolicy(agent, workspace, allowlist, network, limits, all, env, command, model);
    }

    /** This policy with further environment variables for the agent. */
    public SandboxPolicy withEnv(Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>(env);
        all.putAll(more);
        return new SandboxPolicy(agent, workspace, allowlist, network, limits, mounts, all, command, model);
    }

    /** This policy with its model access (as asked, or resolved by the credentials guard). */
    public SandboxPolicy withModel(ModelAccess access) {
        return new SandboxPolicy(agent, workspace, allowlist, network, limits, mounts, env, command, access);
    }

    /** This policy with further hosts allowed (exact names only, as a mode of access needs them). */
    public SandboxPolicy withAllowed(List<String> hosts) {
        return new SandboxPolicy(agent, workspace, allowlist.plus(hosts), network, limits, mounts, env, command, model);
    }

    /** The argv run in the agent container. */
    public List<String> effectiveCommand() {
        return command.isEmpty() ? agent.command() : command;
    }
}
