package io.paude.session;

/**
 * How to launch, beside the policy.
 *
 * @param egressNetwork the proxy's network with a route out; null for the engine's default
 * @param stdin         attach standard input
 * @param tty           allocate a terminal (interactive use)
 */
public record LaunchOptions(String egressNetwork, boolean stdin, boolean tty) {
}
