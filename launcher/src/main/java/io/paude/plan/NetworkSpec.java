package io.paude.plan;

import java.util.Map;

/**
 * A network to create for a session.
 *
 * @param internal true for a network with no route out (the agent's network)
 * @param subnet   CIDR chosen by the launcher, so the proxy can admit exactly the agent's address
 */
public record NetworkSpec(String name, boolean internal, Subnet subnet, Map<String, String> labels) {
    public NetworkSpec {
        labels = Map.copyOf(labels);
    }
}
