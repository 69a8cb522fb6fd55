package io.paude.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.paude.Measure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of Claude Code's settings, besides {@code hooks} and {@code statusLine}, that run a program or change the
 * agent's environment or where its model requests go. In the workspace's {@code .claude/settings.json} and
 * {@code settings.local.json} whoever writes the workspace writes them, the agent of an earlier session included, and
 * Claude Code acts on them at its next start before anyone looks. So each is an extension of the agent, like a hook:
 * the start stops until the user approved it at its digest ({@code paude plugins trust}).
 *
 * <ul>
 * <li>a shell command Claude Code runs by itself: {@link #COMMANDS} (a string), {@code fileSuggestion} (an object
 * with a command);</li>
 * <li>plugins fetched and enabled from marketplaces: {@link #PLUGINS};</li>
 * <li>{@code env}: each variable on its own, since any of them can run code ({@code NODE_OPTIONS},
 * {@code BASH_ENV}, {@code LD_PRELOAD}) or move the model endpoint and its credentials
 * ({@code ANTHROPIC_BASE_URL}, {@code HTTPS_PROXY}).</li>
 * </ul>
 */
final class SettingsKeys {
    /** Keys whose value is a shell command: the credential helpers and the telemetry headers helper. */
    static final List<String> COMMANDS = List.of("apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "gcpAuthRefresh",
            "otelHeadersHelper");
    /** Keys whose value is an object holding a shell command. */
    static final List<String> COMMAND_OBJECTS = List.of("fileSuggestion");
    /** Keys that make Claude Code fetch plugins from marketplaces and run them. */
    static final List<String> PLUGINS = List.of("enabledPlugins", "extraKnownMarketplaces");
    static final String ENV = "env";
    /** Variables whose documented use is to load code into the process that reads them. */
    private static final Set<String> LOADERS = Set.of("NODE_OPTIONS", "BASH_ENV", "ENV", "LD_PRELOAD", "LD_LIBRARY_PATH",
            "LD_AUDIT", "PYTHONSTARTUP", "PYTHONPATH", "PERL5OPT", "RUBYOPT", "PROMPT_COMMAND", "SHELL", "PATH", "GIT_SSH_COMMAND");

    /**
     * One gated entry of a settings file.
     *
     * @param name       the entry's part of the plugin name: the key, or {@code env/VARIABLE}
     * @param definition what is digested
     * @param text       the text that may name files of the configuration (the command, the value)
     * @param runs       whether {@code text} is a shell command Claude Code runs
     */
    record Key(String name, Object definition, String text, boolean runs) {
        /** What the entry can do, apart from what its command shows. */
        List<Finding> findings(String where) {
            List<Finding> f = new ArrayList<>();
            if (name.startsWith(ENV + "/")) {
                String var = name.substring(ENV.length() + 1);
                f.add(new Finding(Capability.ENVIRONMENT, where + " env." + var, "sets " + var + "=" + text));
                if (LOADERS.contains(var)) {
                    f.add(new Finding(Capability.EXEC, where + " env." + var, var + " makes a program load or run code"));
                }
                if (var.endsWith("_URL") || var.toUpperCase(java.util.Locale.ROOT).contains("PROXY")) {
                    f.add(new Finding(Capability.NETWORK, where + " env." + var, var + " moves where requests go"));
                }
            } else if (PLUGINS.contains(name)) {
                f.add(new Finding(Capability.EXEC, where + " " + name, "fetches and enables plugins: " + text));
                f.add(new Finding(Capability.NETWORK, where + " " + name, "fetches plugins from their marketplace"));
            }
            return f;
        }
    }

    private SettingsKeys() {
    }

    /** The gated entries of one settings file, in the file's order. */
    static List<Key> gated(JsonNode settings) {
        List<Key> keys = new ArrayList<>();
        for (String k : COMMANDS) {
            JsonNode v = settings.path(k);
            if (present(v)) {
                keys.add(new Key(k, Map.of(k, v), text(v), true));
            }
        }
        for (String k : COMMAND_OBJECTS) {
            JsonNode v = settings.path(k);
            if (present(v)) {
                keys.add(new Key(k, Map.of(k, v), v.has("command") ? text(v.get("command")) : text(v), true));
            }
        }
        for (String k : PLUGINS) {
            JsonNode v = settings.path(k);
            if (present(v)) {
                keys.add(new Key(k, Map.of(k, v), v.toString(), false));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.path(ENV).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keys.add(new Key(ENV + "/" + e.getKey(), Map.of(ENV, Map.of(e.getKey(), e.getValue())), text(e.getValue()), false));
        }
        if (!keys.isEmpty() && !Measure.SETTINGS_TRUST_GATE.enforced()) {
            return List.of();
        }
        return keys;
    }

    private static String text(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static boolean present(JsonNode v) {
        return !v.isMissingNode() && !v.isNull();
    }
}
