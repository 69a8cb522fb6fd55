package io.paude.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.paude.policy.PolicyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists every extension of the agent found in its configuration (and in the workspace's project configuration):
 * slash commands, subagents, skills, hooks and the status line (shell commands the agent runs by itself), MCP
 * server definitions, and plugin and marketplace directories. Each gets a content digest and the capabilities found
 * in it. Reads only; follows symbolic links as the agent would.
 */
public final class PluginScanner {
    /** Loaded only when there is JSON to read: most starts have none, and Jackson is kept off the start-up path. */
    private static final class Mappers {
        static final ObjectMapper JSON = new ObjectMapper();
        static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }
    private static final long MAX_SCANNED_BYTES = 1 << 20;
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
            for (Path f : files(dir.resolve(kind))) {
                if (f.toString().endsWith(".md")) {
                    String rel = dir.resolve(kind).relativize(f).toString().replaceFirst("\\.md$", "");
                    out.add(fileItem(prefix + kind.substring(0, kind.length() - 1) + ":" + rel, kind.substring(0, kind.length() - 1),
                            scope, dir, f));
                }
            }
        }
        Path skills = dir.resolve("skills");
        for (Path s : children(skills)) {
            String name = s.getFileName().toString().replaceFirst("\\.md$", "");
            out.add(Files.isDirectory(s) ? treeItem(prefix + "skill:" + name, "skill", scope, dir, s) : fileItem(prefix + "skill:" + name, "skill", scope, dir, s));
        }
        for (String settings : SETTINGS) {
            hooks(dir, dir.resolve(settings), prefix, scope, aliases, out);
        }
        plugins(dir, dir.resolve("plugins"), prefix, scope, out);
    }

    private void hooks(Path dir, Path settings, String prefix, String scope, List<String> aliases, List<Plugin> out) {
        JsonNode root = readJson(settings);
        if (root == null) {
            return;
        }
        String file = settings.getFileName().toString().replaceFirst("\\.json$", "");
        JsonNode hooks = root.path("hooks");
        for (Iterator<Map.Entry<String, JsonNode>> events = hooks.fields(); events.hasNext(); ) {
            Map.Entry<String, JsonNode> event = events.next();
            int n = 0;
            for (JsonNode group : iterable(event.getValue())) {
                for (JsonNode hook : iterable(group.path("hooks"))) {
                    n++;
                    Map<String, Object> def = new java.util.LinkedHashMap<>();
                    def.put("event", event.getKey());
                    def.put("matcher", group.path("matcher").asText(""));
                    def.put("hook", hook);
                    out.add(commandItem(prefix + "hook:" + file + "/" + event.getKey() + "/" + n, "hook", scope, settings, dir, aliases, def,
                            hook.path("command").asText("")));
                }
            }
        }
        JsonNode status = root.path("statusLine");
        if (!status.isMissingNode() && !status.isNull()) {
            out.add(commandItem(prefix + "statusline:" + file, "statusline", scope, settings, dir, aliases, Map.of("statusLine", status),
                    status.path("command").asText("")));
        }
        if (scope.equals("project")) { // the user's own settings are the user's; the workspace's are anyone's
            for (SettingsKeys.Key k : SettingsKeys.gated(root)) {
                List<Finding> findings = new ArrayList<>(k.findings(settings.getFileName().toString()));
                if (k.runs()) {
                    findings.addAll(commandFindings(settings, k.text()));
                }
                out.add(item(prefix + "setting:" + file + "/" + k.name(), "setting", scope, settings, dir, aliases, k.definition(), k.text(),
                        findings));
            }
        }
    }

    /** A shell command the agent runs by itself: always process execution, plus what it and the files it names do. */
    private static Plugin commandItem(String name, String kind, String scope, Path source, Path dir, List<String> aliases, Object definition,
            String command) {
        return item(name, kind, scope, source, dir, aliases, definition, command, commandFindings(source, command));
    }

    private static List<Finding> commandFindings(Path source, String command) {
        List<Finding> findings = new ArrayList<>();
        if (!command.isBlank()) {
            findings.add(new Finding(Capability.EXEC, source.getFileName().toString(), "runs a shell command: " + command));
            findings.addAll(CapabilityScanner.scan(source.getFileName().toString(), command, CapabilityScanner.Language.SHELL));
        }
        return findings;
    }

    /**
     * A definition from a settings file, digested with the files inside the configuration that {@code text} names (so
     * that editing such a script changes the digest), with {@code found} and what those files can do.
     */
    private static Plugin item(String name, String kind, String scope, Path source, Path dir, List<String> aliases, Object definition,
            String text, List<Finding> found) {
        StringBuilder content = new StringBuilder(canonical(definition));
        List<Finding> findings = new ArrayList<>(found);
        for (Path ref : referencedFiles(text, dir, aliases)) {
            String rel = dir.relativize(ref).toString();
            byte[] bytes = readBytes(ref);
            content.append('\0').append(rel).append('\0').append(sha256(bytes));
            findings.addAll(scanFile(rel, ref, bytes));
        }
        return new Plugin(name, kind, scope, source.toString(), "sha256:" + sha256(content.toString().getBytes(StandardCharsets.UTF_8)),
                dedupe(findings));
    }

    /** Files inside the configuration that a hook's command names, so that editing the script changes the digest. */
    private static List<Path> referencedFiles(String command, Path dir, List<String> aliases) {
        Set<Path> refs = new LinkedHashSet<>();
        for (String alias : aliases) {
            Matcher m = Pattern.compile("(?<![\\w/.$])" + Pattern.quote(alias) + "(/[^\\s'\";|&)<>`]+)").matcher(command);
            while (m.find()) {
                Path p = dir.resolve(m.group(1).substring(1)).normalize();
                if (p.startsWith(dir) && Files.isRegularFile(p)) {
                    refs.add(p);
                }
            }
        }
        return new ArrayList<>(refs);
    }

    private void plugins(Path configDir, Path dir, String prefix, String scope, List<Plugin> out) {
        for (Path p : children(dir)) {
            String rel = configDir.resolve("plugins").relativize(p).toString();
            if (Files.isDirectory(p)) {
                if (Files.isRegularFile(p.resolve(".claude-plugin/marketplace.json"))) {
                    out.add(treeItem(prefix + "marketplace:" + rel, "marketplace", scope, configDir, p));
                } else if (Files.isRegularFile(p.resolve(".claude-plugin/plugin.json"))) {
                    out.add(treeItem(prefix + "plugin:" + rel, "plugin", scope, configDir, p));
                } else {
                    plugins(configDir, p, prefix, scope, out);
                }
            } else if (!p.getFileName().toString().endsWith(".json")) {
                // the JSON files at this level are the agent's own records (installed plugins, known marketplaces)
                out.add(fileItem(prefix + "plugin-file:" + rel, "plugin", scope, configDir, p));
            }
        }
    }

    private void mcpServers(Path file, String prefix, String scope, List<Plugin> out) {
        JsonNode root = readJson(file);
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
            String command = (def.path("command").asText("") + " " + String.join(" ", strings(def.path("args")))).strip();
            if (!command.isEmpty()) {
                findings.add(new Finding(Capability.EXEC, where, "starts " + command));
                findings.addAll(CapabilityScanner.scan(where, command, CapabilityScanner.Language.SHELL));
            }
            if (def.hasNonNull("url")) {
                findings.add(new Finding(Capability.NETWORK, where, "connects to " + def.get("url").asText()));
            }
            out.add(new Plugin(prefix + s.getKey() + suffix, "mcp", scope, file.toString(),
                    "sha256:" + sha256(canonical(def).getBytes(StandardCharsets.UTF_8)), dedupe(findings)));
        }
    }

    private static Plugin fileItem(String name, String kind, String scope, Path configDir, Path file) {
        byte[] bytes = readBytes(file);
        return new Plugin(name, kind, scope, file.toString(), "sha256:" + sha256(bytes), scanFile(configDir.relativize(file).toString(), file, bytes));
    }

    private static Plugin treeItem(String name, String kind, String scope, Path configDir, Path dir) {
        StringBuilder manifest = new StringBuilder();
        List<Finding> findings = new ArrayList<>();
        for (Path f : files(dir)) {
            byte[] bytes = readBytes(f);
            manifest.append(dir.relativize(f)).append('\0').append(sha256(bytes)).append('\n');
            findings.addAll(scanFile(configDir.relativize(f).toString(), f, bytes));
        }
        return new Plugin(name, kind, scope, dir.toString(), "sha256:" + sha256(manifest.toString().getBytes(StandardCharsets.UTF_8)),
                dedupe(findings));
    }

    private static List<Finding> scanFile(String where, Path file, byte[] bytes) {
        if (bytes.length > MAX_SCANNED_BYTES || isBinary(bytes)) {
            return List.of();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return CapabilityScanner.scan(where, text, CapabilityScanner.languageOf(file.getFileName().toString(), text));
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static List<Finding> dedupe(List<Finding> findings) {
        return new ArrayList<>(new LinkedHashSet<>(findings));
    }

    /** Regular files below a directory, following links, in a stable order. */
    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileSystemLoopException) {
                throw new PolicyException("the agent's configuration has a symbolic link loop: " + e.getCause().getMessage(),
                        "remove the link");
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Mappers.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new PolicyException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""),
                    "fix the JSON (the agent could not read it either)");
        }
    }

    private static Iterable<JsonNode> iterable(JsonNode n) {
        return n.isArray() ? n : List.of();
    }

    private static List<String> strings(JsonNode array) {
        List<String> s = new ArrayList<>();
        iterable(array).forEach(n -> s.add(n.asText()));
        return s;
    }

    private static String canonical(Object value) {
        try {
            return Mappers.CANONICAL.writeValueAsString(Mappers.CANONICAL.convertValue(value, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readBytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
