package io.paude.session;

/**
 * How to launch, beside the policy.
 *
 * @param egressNetwork the proxy's network with a route out; null for the engine's default
 * @param stdin         attach standard input
 * @param tty           allocate a terminal (interactive use)
 * @param overrides     guard overrides the user asked for explicitly (see {@link io.paude.guard.GuardContext})
 */
public record LaunchOptions(String egressNetwork, boolean stdin, boolean tty, java.util.Set<String> overrides) {
    public LaunchOptions {
        overrides = java.util.Set.copyOf(overrides);
    }
}
