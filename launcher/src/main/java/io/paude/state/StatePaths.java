package io.paude.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where paude keeps files on the host. Resolved from {@code $HOME} and the XDG variables, never from the passwd
 * entry, so users and tests can point them elsewhere.
 */
public record StatePaths(Path home, Path state, Path config) {

    public static StatePaths from(Map<String, String> env) {
        String homeVar = env.get("HOME");
        if (homeVar == null || homeVar.isBlank()) {
            throw new IllegalStateException("HOME is not set; paude needs it to find its state directory");
        }
        Path home = Path.of(homeVar);
        Path state = xdg(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("paude");
        Path config = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("paude");
        return new StatePaths(home, state, config);
    }

    private static Path xdg(Map<String, String> env, String var, Path fallback) {
        String v = env.get(var);
        return v == null || v.isBlank() || !v.startsWith("/") ? fallback : Path.of(v);
    }

    public Path sessions() {
        return state.resolve("sessions");
    }

    public Path session(String name) {
        return sessions().resolve(name);
    }

    /** Creates a directory readable by its owner only. */
    public static Path privateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
