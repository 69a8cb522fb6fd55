package io.paude.plan;

import io.paude.policy.AgentRuntime;
import io.paude.policy.Limits;
import io.paude.policy.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One container to create, as plain data. Hardening that holds for every container (all capabilities dropped,
 * no-new-privileges) is not a field here: the runtime adapter always applies it.
 *
 * @param user     "uid:gid" or a user name
 * @param capAdd   capabilities added back after dropping all; each must be justified where it is planned
 * @param network  the network joined at creation
 * @param ip       fixed address on that network, or null
 * @param dns      resolvers written into the container, empty for the engine default
 * @param keepStdin attach standard input ({@code -i})
 * @param tty      allocate a terminal ({@code -t})
 * @param seccompProfile host path of the container's {@link SeccompProfile}; required, there is no engine default
 * @param logMaxBytes cap of the engine's log of the container (what its first process prints), the session's log cap
 * @param runtime  the OCI runtime that holds the container ({@link AgentRuntime#GVISOR} for the agent under gVisor)
 */
public record ContainerSpec(
        String name,
        String image,
        Map<String, String> labels,
        String user,
        List<String> capAdd,
        boolean readOnlyRoot,
        List<Tmpfs> tmpfs,
        List<Mount> mounts,
        Map<String, String> env,
        String network,
        String ip,
        List<String> dns,
        Limits limits,
        String workdir,
        List<String> command,
        boolean keepStdin,
        boolean tty,
        Path seccompProfile,
        long logMaxBytes,
        AgentRuntime runtime) {

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(seccompProfile, "seccompProfile");
        Objects.requireNonNull(runtime, "runtime");
        if (logMaxBytes <= 0) {
            throw new IllegalArgumentException("the engine's log of " + name + " needs a cap");
        }
        labels = Map.copyOf(labels);
        capAdd = List.copyOf(capAdd);
        tmpfs = List.copyOf(tmpfs);
        mounts = List.copyOf(mounts);
        env = Map.copyOf(env);
        dns = List.copyOf(dns);
        command = List.copyOf(command);
    }

    public ContainerSpec withCommand(List<String> cmd, boolean stdin, boolean terminal) {
        return new ContainerSpec(name, image, labels, user, capAdd, readOnlyRoot, tmpfs, mounts, env, network, ip, dns,
                limits, workdir, cmd, stdin, terminal, seccompProfile, logMaxBytes, runtime);
    }
}
