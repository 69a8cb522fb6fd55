package io.paude.plugins;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the agent (Claude Code) keeps its configuration on the host, worked out as Claude Code 2.x does it: the
 * directory is {@code $CLAUDE_CONFIG_DIR}, else {@code $HOME/.claude}; the global file {@code .claude.json} is in
 * {@code $CLAUDE_CONFIG_DIR} when that is set, else in {@code $HOME}. {@code $HOME} comes from the environment,
 * never from the passwd entry.
 *
 * @param dir        the configuration directory (settings, commands, agents, hooks, plugins, credentials)
 * @param globalFile the global state file (MCP servers, per-project state)
 */
public record AgentConfig(Path dir, Path globalFile) {
    /** Where the session's copy is mounted inside the container; {@code CLAUDE_CONFIG_DIR} points here. */
    public static final String CONTAINER_DIR = "/home/paude/.claude";
    public static final String GLOBAL_FILE = ".claude.json";

    public AgentConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(globalFile, "globalFile");
    }

    public static AgentConfig of(Map<String, String> env, Path home) {
        String custom = env.get("CLAUDE_CONFIG_DIR");
        if (custom != null && custom.startsWith("/")) {
            Path dir = Path.of(custom).normalize();
            return new AgentConfig(dir, dir.resolve(GLOBAL_FILE));
        }
        return new AgentConfig(home.resolve(".claude"), home.resolve(GLOBAL_FILE));
    }

    /** The per-session copy: one directory holding the configuration and its global file. */
    public static AgentConfig copyIn(Path copyDir) {
        return new AgentConfig(copyDir, copyDir.resolve(GLOBAL_FILE));
    }
}
