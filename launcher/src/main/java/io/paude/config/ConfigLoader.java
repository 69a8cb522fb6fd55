package io.paude.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paude.Measure;
import io.paude.policy.PolicyException;
import io.paude.policy.Refusal;
import io.paude.state.StatePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Loads the user's and the project's configuration.
 *
 * <p>The project file lives in the workspace, which the agent can write. An agent could therefore widen the
 * allowlist of the next session by editing {@code paude.json}. So a project file is honoured only when its exact
 * content was approved by the user ({@code paude config trust}); a new or changed file stops the start.
 *
 * <p>The project file is read once: the bytes whose digest is checked (or recorded as approved) are the bytes that
 * are parsed, so a file swapped between the check and the parse cannot be used.
 */
public final class ConfigLoader {
    public static final String PROJECT_FILE = "paude.json";
    /** Made on first use: most starts read no configuration file, and a mapper costs a cold JVM tens of milliseconds. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    /**
     * The project file's content, read once; the digest and the parse both come from {@link #bytes}.
     *
     * @param file  where it was read
     * @param bytes what was read
     */
    public record ProjectFile(Path file, byte[] bytes) {
        public String digest() {
            return sha256(bytes);
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** How the project file is read; a seam for the test that swaps the file between two reads. */
    interface Reader {
        byte[] read(Path file) throws IOException;
    }

    /** A project file larger than this is refused: paude.json holds a few settings. */
    static final int MAX_PROJECT_BYTES = 1 << 20;

    private final StatePaths paths;
    private final Reader reader;

    public ConfigLoader(StatePaths paths) {
        this(paths, ConfigLoader::readBounded);
    }

    ConfigLoader(StatePaths paths, Reader reader) {
        this.paths = paths;
        this.reader = reader;
    }

    /**
     * The user's file and the workspace's, the latter only at the content the user approved ({@code trustProject}:
     * approved now, as it is read). Neither is combined here: that is the settings' resolution.
     */
    public ConfigFiles load(Path workspace, boolean trustProject) {
        PaudeConfig user = read(paths.config().resolve("config.json"));
        Optional<ProjectFile> project = project(workspace);
        if (project.isEmpty()) {
            return new ConfigFiles(user, PaudeConfig.EMPTY);
        }
        ProjectFile p = project.get();
        if (trustProject) {
            trust(workspace, p);
        } else if (!trusted(workspace, p) && Measure.PROJECT_CONFIG_APPROVAL.enforced()) {
            throw new Refusal(p.file() + " is new or changed since you last approved it"
                    + " (an agent in an earlier session could have written it)",
                    "review it, then run 'paude config trust' in " + workspace + " (or pass --trust-project-config)");
        }
        return new ConfigFiles(user, parse(p.file(), p.bytes()));
    }

    /**
     * The user's own configuration only. Settings that protect the user from the agent (such as how many git
     * backups to keep) come from here: the project file lives in the workspace the agent writes.
     */
    public PaudeConfig user() {
        return read(paths.config().resolve("config.json"));
    }

    /** The workspace's project file as it is now, read once; empty when there is none. */
    public Optional<ProjectFile> project(Path workspace) {
        Path file = workspace.resolve(PROJECT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProjectFile(file, reader.read(file)));
        } catch (IOException e) {
            throw new PolicyException("cannot read " + file + ": " + e.getMessage(), "check the file's permissions");
        }
    }

    /**
     * Records {@code approved} (the content the user was shown) as the approved content of the workspace's project
     * file. It must parse: a broken file would only stop the next start.
     */
    public Path trust(Path workspace, ProjectFile approved) {
        parse(approved.file(), approved.bytes());
        Path marker = marker(workspace);
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, approved.digest());
            return marker;
        } catch (IOException e) {
            throw new PolicyException("cannot record trust in " + marker + ": " + e.getMessage(), "check the permissions of " + paths.state());
        }
    }

    private boolean trusted(Path workspace, ProjectFile p) {
        Path marker = marker(workspace);
        try {
            return Files.isRegularFile(marker) && Files.readString(marker).strip().equals(p.digest());
        } catch (IOException e) {
            return false;
        }
    }

    private Path marker(Path workspace) {
        return paths.state().resolve("trusted-configs").resolve(sha256(workspace.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** At most {@link #MAX_PROJECT_BYTES}, so a huge or endless file (a device, a pipe swapped in) stops here. */
    private static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(MAX_PROJECT_BYTES + 1);
            if (data.length > MAX_PROJECT_BYTES) {
                throw new IOException("larger than " + MAX_PROJECT_BYTES + " bytes");
            }
            return data;
        }
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
            return parse(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new PolicyException("cannot read " + file + ": " + e.getMessage(), "check the file's permissions");
        }
    }

    private static PaudeConfig parse(Path file, byte[] bytes) {
        try {
            return Mapper.JSON.readValue(bytes, PaudeConfig.class);
        } catch (IOException e) {
            throw new PolicyException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""),
                    "fix the JSON; see 'paude run --help' for the settings");
        }
    }
}
