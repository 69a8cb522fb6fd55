package io.paude.session;

import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import io.paude.policy.PrivateDestinations;
import io.paude.policy.ProxyDns;
import io.paude.settings.GuardOptions;

/**
 * How to launch, beside the policy.
 *
 * @param egressNetwork the proxy's network with a route out; null for the engine's default
 * @param stdin         attach standard input
 * @param tty           allocate a terminal (interactive use)
 * @param guards        what the guard families take: the overrides the user asked for explicitly, secrets, backups
 * @param audit         the audit log's cap and the retention of old sessions
 * @param proxyDns      the resolvers the proxy asks; {@link ProxyDns#ENGINE} for the engine's
 * @param privateDestinations the private ranges allowlisted names may resolve to ({@code --allow-private-destinations})
 * @param runtime       the OCI runtime of the agent's container ({@code --runtime})
 * @param acceptUnenforcedLimits start on an engine that cannot enforce the limits ({@code --accept-unenforced-limits})
 */
public record LaunchOptions(String egressNetwork, boolean stdin, boolean tty, GuardOptions guards,
        AuditSettings audit, ProxyDns proxyDns,
        PrivateDestinations privateDestinations, AgentRuntime runtime, boolean acceptUnenforcedLimits) {
    public LaunchOptions {
        java.util.Objects.requireNonNull(runtime, "runtime");
        java.util.Objects.requireNonNull(privateDestinations, "privateDestinations");
        java.util.Objects.requireNonNull(guards, "guards");
        java.util.Objects.requireNonNull(audit, "audit");
        java.util.Objects.requireNonNull(proxyDns, "proxyDns");
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, GuardOptions guards,
            AuditSettings audit, ProxyDns proxyDns,
            PrivateDestinations privateDestinations, AgentRuntime runtime) {
        this(egressNetwork, stdin, tty, guards, audit, proxyDns, privateDestinations, runtime, false);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, GuardOptions guards,
            AuditSettings audit, ProxyDns proxyDns,
            PrivateDestinations privateDestinations) {
        this(egressNetwork, stdin, tty, guards, audit, proxyDns, privateDestinations, AgentRuntime.DEFAULT);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, GuardOptions guards,
            AuditSettings audit, ProxyDns proxyDns) {
        this(egressNetwork, stdin, tty, guards, audit, proxyDns, PrivateDestinations.NONE);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, GuardOptions guards,
            AuditSettings audit) {
        this(egressNetwork, stdin, tty, guards, audit, ProxyDns.ENGINE);
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, GuardOptions guards) {
        this(egressNetwork, stdin, tty, guards, AuditSettings.defaults());
    }
}
