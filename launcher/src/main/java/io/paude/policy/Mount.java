package io.paude.policy;

import java.nio.file.Path;
import java.util.Objects;

/** A host directory made visible inside the agent container. */
public record Mount(Path source, String target, boolean readOnly) {
    public Mount {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (!source.isAbsolute() || !target.startsWith("/")) {
            throw new IllegalArgumentException("mount paths must be absolute: " + source + " -> " + target);
        }
        if (target.contains(",") || source.toString().contains(",")) {
            throw new PolicyException("mount path contains a comma: " + source, "rename the directory");
        }
    }

    public static Mount readOnly(Path source, String target) {
        return new Mount(source, target, true);
    }

    public static Mount readWrite(Path source, String target) {
        return new Mount(source, target, false);
    }
}
