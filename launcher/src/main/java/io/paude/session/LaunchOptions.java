package io.paude.session;

/**
 * How to launch, beside the policy.
 *
 * @param egressNetwork the proxy's network with a route out; null for the engine's default
 * @param stdin         attach standard input
 * @param tty           allocate a terminal (interactive use)
 * @param overrides     guard overrides the user asked for explicitly (see {@link io.paude.guard.GuardContext})
 * @param audit         the audit log's cap and the retention of old sessions
 */
public record LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides,
        io.paude.audit.AuditSettings audit) {
    public LaunchOptions {
        overrides = java.util.Set.copyOf(overrides);
        java.util.Objects.requireNonNull(audit, "audit");
    }

    public LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides) {
        this(egressNetwork, stdin, tty, overrides, io.paude.audit.AuditSettings.defaults());
    }
}
