package io.paude.plugins;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.paude.policy.PolicyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's list of approved plugins, {@code trusted-plugins.json} in paude's configuration directory (outside
 * anything the agent can reach). An entry approves one name at one digest: a changed plugin is no longer trusted.
 */
public final class TrustStore {
    public static final String FILE = "trusted-plugins.json";
    /** Loaded only when there is a list to read or write, keeping Jackson off the start-up path otherwise. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** How a found plugin stands against the list. */
    public enum Status {
        TRUSTED, CHANGED, UNTRUSTED;

        public String label() {
            return switch (this) {
                case TRUSTED -> "trusted";
                case CHANGED -> "changed since trusted";
                case UNTRUSTED -> "not trusted";
            };
        }
    }

    /** One approval, with what was found when the user approved it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String name, String kind, String digest, List<String> capabilities, String source, String trustedAt) {
        public Entry {
            capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(int version, List<Entry> plugins) {
        Document {
            plugins = plugins == null ? List.of() : List.copyOf(plugins);
        }
    }

    private final Path file;
    private final List<Entry> entries;

    private TrustStore(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = new ArrayList<>(entries);
    }

    public static TrustStore load(Path configDir) {
        Path file = configDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new TrustStore(file, List.of());
        }
        try {
            return new TrustStore(file, Mapper.JSON.readValue(file.toFile(), Document.class).plugins());
        } catch (IOException e) {
            throw new PolicyException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""),
                    "fix the JSON, or remove the file and trust the plugins again with 'paude plugins trust'");
        }
    }

    public Path file() {
        return file;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public Status status(Plugin p) {
        Optional<Entry> e = entries.stream().filter(x -> x.name().equals(p.name())).findFirst();
        if (e.isEmpty()) {
            return Status.UNTRUSTED;
        }
        return e.get().digest().equals(p.digest()) ? Status.TRUSTED : Status.CHANGED;
    }

    /** Records the plugin as approved at its current digest (replacing an earlier approval of the same name). */
    public void trust(Plugin p) {
        entries.removeIf(x -> x.name().equals(p.name()));
        entries.add(new Entry(p.name(), p.kind(), p.digest(), p.capabilities().stream().map(Capability::label).toList(), p.source(),
                Instant.now().toString()));
        entries.sort(java.util.Comparator.comparing(Entry::name));
    }

    /** Writes the list atomically, so a crash never leaves half a file. */
    public void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Mapper.JSON.writeValue(tmp.toFile(), new Document(1, entries));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PolicyException("cannot write " + file + ": " + e.getMessage(), "check the permissions of " + file.getParent());
        }
    }
}
