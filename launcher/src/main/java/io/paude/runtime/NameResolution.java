package io.paude.runtime;

import java.util.Optional;

/**
 * Whether the proxy can reach a host that is a container on its egress network by the container's name or network
 * alias. Docker's user-defined networks always resolve them. Podman's do only with a DNS server on the network:
 * netavark's aardvark-dns, or CNI's dnsname plugin. A Podman installed without its recommended packages gets CNI
 * with no such plugin, and podman keeps the backend it chose at its first run even after netavark is installed.
 * Names outside the engine (the internet) resolve through the host's resolvers either way.
 */
public final class NameResolution {
    /** How to give Podman a network backend that resolves aliases. */
    public static final String PODMAN_FIX = "install netavark and aardvark-dns (apt-get install netavark aardvark-dns); "
            + "a podman first run without them keeps CNI: then 'podman system reset' (removes every podman container, "
            + "image and network), or set network_backend = \"netavark\" under [network] in "
            + "/etc/containers/containers.conf and recreate your networks ('.ci/setup-engine podman' does this on a "
            + "new machine)";

    private NameResolution() {
    }

    /**
     * The warning for a session whose named egress network does not resolve names: its hosts that are containers
     * cannot be reached through the proxy. Empty when names resolve, and for the engines' predefined networks,
     * which never resolve container names and need not (the proxy reaches the internet through the host's
     * resolvers).
     */
    public static Optional<Problem> egressWarning(EngineKind kind, String network, boolean resolves) {
        if (resolves || network.equals(kind.defaultNetwork()) || network.equals("host") || network.equals("none")) {
            return Optional.empty();
        }
        return Optional.of(new Problem("names do not resolve on egress network '" + network + "'"
                + (kind == EngineKind.PODMAN ? " (podman created it without DNS)" : "")
                + ": the proxy cannot reach containers on it by name or alias, only names the host's resolvers know",
                kind == EngineKind.PODMAN ? PODMAN_FIX + ", then create the network again"
                        : "use a user-defined network ('docker network create NAME')"));
    }

    /** A problem and its fix. */
    public record Problem(String what, String fix) {
        @Override
        public String toString() {
            return what + "; fix: " + fix;
        }
    }
}
