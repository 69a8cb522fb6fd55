package io.paude.session;

import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import io.paude.policy.PrivateDestinations;
import io.paude.policy.ProxyDns;

/**
 * How to launch, beside the policy.
 *
 * @param egressNetwork the proxy's network with a route out; null for the engine's default
 * @param stdin         attach standard input
 * @param tty           allocate a terminal (interactive use)
 * @param overrides     guard overrides the user asked for explicitly (see {@link io.paude.guard.GuardContext})
 * @param audit         the audit log's cap and the retention of old sessions
 * @param proxyDns      the resolvers the proxy asks; {@link ProxyDns#ENGINE} for the engine's
 * @param privateDestinations the private ranges allowlisted names may resolve to ({@code --allow-private-destinations})
 * @param runtime       the OCI runtime of the agent's container ({@code --runtime})
 */
public record LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides,
        AuditSettings audit, ProxyDns proxyDns,
        PrivateDestinations privateDestinations, AgentRuntime runtime) {
    public LaunchOptions {
        java.util.Objects.requireNonNull(runtime, "runtime");
        java.util.Objects.requireNonNull(privateDestinations, "privateDestinations");
        overrides = java.util.Set.copyOf(overrides);
        java.util.Objects.requireNonNull(audit, "audit");
        java.util.Objects.requireNonNull(proxyDns, "proxyDns");
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides,
            AuditSettings audit, ProxyDns proxyDns,
            PrivateDestinations privateDestinations) {
        this(egressNetwork, stdin, tty, overrides, audit, proxyDns, privateDestinations, AgentRuntime.DEFAULT);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides,
            AuditSettings audit, ProxyDns proxyDns) {
        this(egressNetwork, stdin, tty, overrides, audit, proxyDns, PrivateDestinations.NONE);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides,
            AuditSettings audit) {
        this(egressNetwork, stdin, tty, overrides, audit, ProxyDns.ENGINE);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides) {
        this(egressNetwork, stdin, tty, overrides, AuditSettings.defaults());
    }
}
