package io.paude.runtime;

import java.util.Locale;

/** The container engines paude drives through their CLIs. */
public enum EngineKind {
    PODMAN("podman", "podman"),
    DOCKER("docker", "bridge");

    private final String executable;
    private final String defaultNetwork;

    EngineKind(String executable, String defaultNetwork) {
        this.executable = executable;
        this.defaultNetwork = defaultNetwork;
    }

    public String executable() {
        return executable;
    }

    /** The engine's own network with a route out, used as the proxy's egress unless the user names another. */
    public String defaultNetwork() {
        return defaultNetwork;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EngineKind parse(String value) {
        for (EngineKind k : values()) {
            if (k.id().equalsIgnoreCase(value)) {
                return k;
            }
        }
        throw new EngineException("unknown engine '" + value + "'", "choose podman or docker");
    }
}
