package io.paude.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paude.policy.PolicyException;
import io.paude.session.StatePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Loads the user's and the project's configuration.
 *
 * <p>The project file lives in the workspace, which the agent can write. An agent could therefore widen the
 * allowlist of the next session by editing {@code paude.json}. So a project file is honoured only when its exact
 * content was approved by the user ({@code paude config trust}); a new or changed file stops the start.
 */
public final class ConfigLoader {
    public static final String PROJECT_FILE = "paude.json";
    /** Made on first use: most starts read no configuration file, and a mapper costs a cold JVM tens of milliseconds. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private final StatePaths paths;

    public ConfigLoader(StatePaths paths) {
        this.paths = paths;
    }

    public PaudeConfig load(Path workspace, boolean trustProject) {
        PaudeConfig user = read(paths.config().resolve("config.json"));
        Path project = workspace.resolve(PROJECT_FILE);
        if (!Files.isRegularFile(project)) {
            return user;
        }
        PaudeConfig projectConfig = read(project);
        if (trustProject) {
            trust(workspace);
        } else if (!trusted(workspace)) {
            throw new PolicyException(project + " is new or changed since you last approved it"
                    + " (an agent in an earlier session could have written it)",
                    "review it, then run 'paude config trust' in " + workspace + " (or pass --trust-project-config)");
        }
        return user.overlay(projectConfig);
    }

    /**
     * The user's own configuration only. Settings that protect the user from the agent (such as how many git
     * backups to keep) come from here: the project file lives in the workspace the agent writes.
     */
    public PaudeConfig user() {
        return read(paths.config().resolve("config.json"));
    }

    /** Records the current content of the workspace's project file as approved. */
    public Path trust(Path workspace) {
        Path marker = marker(workspace);
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, digest(workspace.resolve(PROJECT_FILE)));
            return marker;
        } catch (IOException e) {
            throw new PolicyException("cannot record trust in " + marker + ": " + e.getMessage(), "check the permissions of " + paths.state());
        }
    }

    private boolean trusted(Path workspace) {
        Path marker = marker(workspace);
        try {
            return Files.isRegularFile(marker) && Files.readString(marker).strip().equals(digest(workspace.resolve(PROJECT_FILE)));
        } catch (IOException e) {
            return false;
        }
    }

    private Path marker(Path workspace) {
        return paths.state().resolve("trusted-configs").resolve(sha256(workspace.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String digest(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PaudeConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            return PaudeConfig.EMPTY;
        }
        try {
            return Mapper.JSON.readValue(file.toFile(), PaudeConfig.class);
        } catch (IOException e) {
            throw new PolicyException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""),
                    "fix the JSON; see 'paude run --help' for the settings");
        }
    }
}
