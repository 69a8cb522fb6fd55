package io.paude.plan;

import io.paude.policy.NetworkMode;
import java.util.Map;
import java.util.Optional;

/**
 * What to create for one session, in order: the internal network, the proxy (then joined to the egress network),
 * and the agent. In {@link NetworkMode#OPEN} there is neither internal network nor proxy.
 *
 * @param proxyFiles files (relative path to content) of the proxy's read-only configuration directory
 * @param agentFiles files of the agent's read-only configuration directory (its resolver configuration)
 */
public record SandboxPlan(
        String session,
        NetworkMode mode,
        Optional<NetworkSpec> internalNetwork,
        Optional<ContainerSpec> proxy,
        ContainerSpec agent,
        String egressNetwork,
        Map<String, String> proxyFiles,
        Map<String, String> agentFiles) {

    public SandboxPlan {
        proxyFiles = Map.copyOf(proxyFiles);
        agentFiles = Map.copyOf(agentFiles);
        if ((mode == NetworkMode.FILTERED) != proxy.isPresent() || proxy.isPresent() != internalNetwork.isPresent()) {
            throw new IllegalArgumentException("a filtered sandbox has exactly one proxy and one internal network");
        }
    }
}
