package io.paude.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lists every extension of the agent found in its configuration (and in the workspace's project configuration):
 * slash commands, subagents, skills, hooks and the status line (shell commands the agent runs by itself), MCP
 * server definitions, and plugin and marketplace directories. Each gets a content digest and the capabilities found
 * in it. Reads only; follows symbolic links as the agent would.
 */
public final class PluginScanner {
    private static final List<String> SETTINGS = List.of("settings.json", "settings.local.json");

    private final AgentConfig config;
    private final Path hostDir;

    /**
     * @param config  the configuration to scan (the host's, or a session's copy)
     * @param hostDir the host's configuration directory, so that hooks naming it by its absolute path are resolved
     */
    public PluginScanner(AgentConfig config, Path hostDir) {
        this.config = config;
        this.hostDir = hostDir;
    }

    /** Every extension, sorted by name; {@code workspace} may be null. */
    public List<Plugin> scan(Path workspace) {
        List<Plugin> all = new ArrayList<>();
        List<String> userAliases = List.of("${CLAUDE_CONFIG_DIR}", "$CLAUDE_CONFIG_DIR", "~/.claude", "$HOME/.claude", "${HOME}/.claude",
                AgentConfig.CONTAINER_DIR, hostDir.toString(), config.dir().toString());
        scanConfigDir(config.dir(), "", "user", userAliases, all);
        mcpServers(config.globalFile(), "", "user", all);
        if (workspace != null) {
            Path project = workspace.resolve(".claude");
            List<String> projectAliases = List.of("$CLAUDE_PROJECT_DIR/.claude", "${CLAUDE_PROJECT_DIR}/.claude", "\"$CLAUDE_PROJECT_DIR\"/.claude",
                    "./.claude", ".claude", project.toString());
            scanConfigDir(project, "project:", "project", projectAliases, all);
            mcpServers(workspace.resolve(".mcp.json"), "project:", "project", all);
        }
        all.sort(Comparator.comparing(Plugin::name));
        return all;
    }

    private void scanConfigDir(Path dir, String prefix, String scope, List<String> aliases, List<Plugin> out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (String kind : List.of("commands", "agents")) {
            for (Path f : PluginItems.files(dir.resolve(kind))) {
                if (f.toString().endsWith(".md")) {
                    String rel = dir.resolve(kind).relativize(f).toString().replaceFirst("\\.md$", "");
                    String singular = kind.substring(0, kind.length() - 1);
                    out.add(PluginItems.file(prefix + singular + ":" + rel, singular, scope, dir, f));
                }
            }
        }
        Path skills = dir.resolve("skills");
        for (Path s : children(skills)) {
            String name = s.getFileName().toString().replaceFirst("\\.md$", "");
            out.add(Files.isDirectory(s) ? PluginItems.tree(prefix + "skill:" + name, "skill", scope, dir, s)
                    : PluginItems.file(prefix + "skill:" + name, "skill", scope, dir, s));
        }
        for (String settings : SETTINGS) {
            hooks(dir, dir.resolve(settings), prefix, scope, aliases, out);
        }
        plugins(dir, dir.resolve("plugins"), prefix, scope, out);
    }

    private void hooks(Path dir, Path settings, String prefix, String scope, List<String> aliases, List<Plugin> out) {
        JsonNode root = AgentJson.read(settings);
        if (root == null) {
            return;
        }
        String file = settings.getFileName().toString().replaceFirst("\\.json$", "");
        JsonNode hooks = root.path("hooks");
        for (Iterator<Map.Entry<String, JsonNode>> events = hooks.fields(); events.hasNext(); ) {
            Map.Entry<String, JsonNode> event = events.next();
            int n = 0;
            for (JsonNode group : AgentJson.iterable(event.getValue())) {
                for (JsonNode hook : AgentJson.iterable(group.path("hooks"))) {
                    n++;
                    Map<String, Object> def = new LinkedHashMap<>();
                    def.put("event", event.getKey());
                    def.put("matcher", group.path("matcher").asText(""));
                    def.put("hook", hook);
                    out.add(PluginItems.command(prefix + "hook:" + file + "/" + event.getKey() + "/" + n, "hook", scope, settings, dir,
                            aliases, def, hook.path("command").asText("")));
                }
            }
        }
        JsonNode status = root.path("statusLine");
        if (!status.isMissingNode() && !status.isNull()) {
            out.add(PluginItems.command(prefix + "statusline:" + file, "statusline", scope, settings, dir, aliases,
                    Map.of("statusLine", status), status.path("command").asText("")));
        }
        if (scope.equals("project")) { // the user's own settings are the user's; the workspace's are anyone's
            for (SettingsKeys.Key k : SettingsKeys.gated(root)) {
                List<Finding> findings = new ArrayList<>(k.findings(settings.getFileName().toString()));
                if (k.runs()) {
                    findings.addAll(PluginItems.commandFindings(settings, k.text()));
                }
                out.add(PluginItems.fromSettings(prefix + "setting:" + file + "/" + k.name(), "setting", scope, settings, dir, aliases,
                        k.definition(), k.text(), findings));
            }
        }
    }

    private void plugins(Path configDir, Path dir, String prefix, String scope, List<Plugin> out) {
        for (Path p : children(dir)) {
            String rel = configDir.resolve("plugins").relativize(p).toString();
            if (Files.isDirectory(p)) {
                if (Files.isRegularFile(p.resolve(".claude-plugin/marketplace.json"))) {
                    out.add(PluginItems.tree(prefix + "marketplace:" + rel, "marketplace", scope, configDir, p));
                } else if (Files.isRegularFile(p.resolve(".claude-plugin/plugin.json"))) {
                    out.add(PluginItems.tree(prefix + "plugin:" + rel, "plugin", scope, configDir, p));
                } else {
                    plugins(configDir, p, prefix, scope, out);
                }
            } else if (!p.getFileName().toString().endsWith(".json")) {
                // the JSON files at this level are the agent's own records (installed plugins, known marketplaces)
                out.add(PluginItems.file(prefix + "plugin-file:" + rel, "plugin", scope, configDir, p));
            }
        }
    }

    private void mcpServers(Path file, String prefix, String scope, List<Plugin> out) {
        JsonNode root = AgentJson.read(file);
        if (root == null) {
            return;
        }
        servers(root.path("mcpServers"), prefix + "mcp:", "", scope, file, out);
        for (Iterator<Map.Entry<String, JsonNode>> projects = root.path("projects").fields(); projects.hasNext(); ) {
            Map.Entry<String, JsonNode> p = projects.next();
            servers(p.getValue().path("mcpServers"), prefix + "mcp:", "@" + p.getKey(), scope, file, out);
        }
    }

    private static void servers(JsonNode servers, String prefix, String suffix, String scope, Path file, List<Plugin> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = servers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            JsonNode def = s.getValue();
            List<Finding> findings = new ArrayList<>();
            String where = file.getFileName() + " mcpServers." + s.getKey();
            String command = (def.path("command").asText("") + " " + String.join(" ", AgentJson.strings(def.path("args")))).strip();
            if (!command.isEmpty()) {
                findings.add(new Finding(Capability.EXEC, where, "starts " + command));
                findings.addAll(CapabilityScanner.scan(where, command, CapabilityScanner.Language.SHELL));
            }
            if (def.hasNonNull("url")) {
                findings.add(new Finding(Capability.NETWORK, where, "connects to " + def.get("url").asText()));
            }
            out.add(new Plugin(prefix + s.getKey() + suffix, "mcp", scope, file.toString(),
                    "sha256:" + PluginItems.sha256(AgentJson.canonical(def).getBytes(StandardCharsets.UTF_8)), PluginItems.dedupe(findings)));
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
