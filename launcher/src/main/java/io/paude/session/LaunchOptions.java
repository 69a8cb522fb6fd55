package io.paude.session;

/**
 * How to launch, beside the policy.
 *
 * @param egressNetwork the proxy's network with a route out; null for the engine's default
 * @param stdin         attach standard input
 * @param tty           allocate a terminal (interactive use)
 * @param overrides     guard overrides the user asked for explicitly (see {@link io.paude.guard.GuardContext})
 * @param audit         the audit log's cap and the retention of old sessions
 * @param proxyDns      the resolvers the proxy asks; {@link io.paude.policy.ProxyDns#ENGINE} for the engine's
 * @param privateDestinations the private ranges allowlisted names may resolve to ({@code --allow-private-destinations})
 * @param runtime       the OCI runtime of the agent's container ({@code --runtime})
 */
public record LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides,
        io.paude.policy.AuditSettings audit, io.paude.policy.ProxyDns proxyDns,
        io.paude.policy.PrivateDestinations privateDestinations, io.paude.policy.AgentRuntime runtime) {
    public LaunchOptions {
        java.util.Objects.requireNonNull(runtime, "runtime");
        java.util.Objects.requireNonNull(privateDestinations, "privateDestinations");
        overrides = java.util.Set.copyOf(overrides);
        java.util.Objects.requireNonNull(audit, "audit");
        java.util.Objects.requireNonNull(proxyDns, "proxyDns");
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides,
            io.paude.policy.AuditSettings audit, io.paude.policy.ProxyDns proxyDns,
            io.paude.policy.PrivateDestinations privateDestinations) {
        this(egressNetwork, stdin, tty, overrides, audit, proxyDns, privateDestinations, io.paude.policy.AgentRuntime.DEFAULT);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides,
            io.paude.policy.AuditSettings audit, io.paude.policy.ProxyDns proxyDns) {
        this(egressNetwork, stdin, tty, overrides, audit, proxyDns, io.paude.policy.PrivateDestinations.NONE);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides,
            io.paude.policy.AuditSettings audit) {
        this(egressNetwork, stdin, tty, overrides, audit, io.paude.policy.ProxyDns.ENGINE);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides) {
        this(egressNetwork, stdin, tty, overrides, io.paude.policy.AuditSettings.defaults());
    }
}
