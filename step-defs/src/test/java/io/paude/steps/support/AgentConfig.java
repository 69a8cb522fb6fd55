package io.paude.steps.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.steps.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The user's agent configuration on the host (~/.claude and ~/.claude.json) and the fixture plugin in it, with a
 * snapshot of every file's digest to prove nothing from inside the sandbox changed it.
 */
public final class AgentConfig {
    public static final String PLUGIN = "plugin:cache/fixtures/telemetry";
    public static final String PLUGIN_DIR = "plugins/cache/fixtures/telemetry";
    private final World world;
    private Map<String, String> before;

    public AgentConfig(World world) {
        this.world = world;
    }

    public Path claudeDir() {
        return world.home.resolve(".claude");
    }

    /** Takes the configuration as it is now as what the next session finds. */
    public void snapshot() {
        before = tree();
    }

    /** Whether the configuration is byte for byte what the last {@link #snapshot()} found. */
    public void assertUnchanged() {
        assertThat(tree()).isEqualTo(before);
    }

    /** Every file and directory of the host's agent configuration with the SHA-256 of its content. */
    private Map<String, String> tree() {
        Map<String, String> tree = new TreeMap<>();
        for (Path root : List.of(claudeDir(), world.home.resolve(".claude.json"))) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    tree.put(world.home.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Digests.sha256(Files.readAllBytes(p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(tree).isNotEmpty();
        return tree;
    }
}
