package io.paude.policy;

/** How the agent reaches the network. */
public enum NetworkMode {
    /** The default: an internal network whose only way out is the allowlisting proxy. */
    FILTERED,
    /** Research mode ({@code --allow-network}): no proxy, full network access. Explicit, warned and recorded. */
    OPEN
}
