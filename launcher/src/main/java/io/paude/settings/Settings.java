package io.paude.settings;

import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import io.paude.policy.PrivateDestinations;
import io.paude.policy.ProxyDns;
import io.paude.policy.SandboxPolicy;
import java.util.Objects;

/**
 * A session's settings, resolved once ({@link Resolver}) from the flags, the workspace's {@code paude.json} and the
 * user's {@code config.json}: the sandbox's policy, and what the session needs beside it.
 *
 * @param policy              the sandbox: agent, workspace, allowlist, network mode, limits, command, model access
 * @param engine              the engine the configuration files name; null when neither does
 * @param runtime             the OCI runtime of the agent's container
 * @param egressNetwork       the proxy's network with a route out; null for the engine's default
 * @param proxyDns            the resolvers the proxy asks
 * @param privateDestinations the private ranges allowlisted names may resolve to
 * @param audit               the logs' cap and the retention of old sessions
 * @param guards              what the guard families take
 * @param acceptUnenforcedLimits start on an engine that cannot enforce the limits (warned and recorded)
 */
public record Settings(SandboxPolicy policy, String engine, AgentRuntime runtime, String egressNetwork, ProxyDns proxyDns,
        PrivateDestinations privateDestinations, AuditSettings audit, GuardOptions guards, boolean acceptUnenforcedLimits) {
    public Settings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(proxyDns, "proxyDns");
        Objects.requireNonNull(privateDestinations, "privateDestinations");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(guards, "guards");
    }
}
