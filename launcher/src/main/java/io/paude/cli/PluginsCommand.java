package io.paude.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.paude.SafeJson;
import io.paude.SafeText;
import io.paude.plugins.AgentConfig;
import io.paude.plugins.Capability;
import io.paude.plugins.Finding;
import io.paude.plugins.Plugin;
import io.paude.plugins.PluginScanner;
import io.paude.plugins.TrustStore;
import io.paude.policy.PolicyException;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"Audit and approve the agent's plugins: slash commands, subagents, skills, hooks and the status line, "
                + "MCP servers, plugin and marketplace directories, in the agent's configuration ($${CLAUDE_CONFIG_DIR:-~/.claude}, "
                + "~/.claude.json) and the workspace's (.claude/, .mcp.json).",
            "A session starts only when each one is on your trusted list at its current content."},
        subcommands = {PluginsCommand.Audit.class, PluginsCommand.Trust.class},
        footer = {"", "Examples:",
            "  # what is there, and what each can do",
            "  paude plugins audit",
            "",
            "  # the same as JSON",
            "  paude plugins audit --json",
            "",
            "  # approve one, after showing it",
            "  paude plugins trust command:review"})
public final class PluginsCommand {

    /** What the agent's configuration holds, from the host, as a session would copy it. */
    static List<Plugin> scan(Path workspace) {
        StatePaths paths = Services.paths();
        AgentConfig host = AgentConfig.of(System.getenv(), paths.home());
        return new PluginScanner(host, host.dir()).scan(workspace);
    }

    /**
     * What was found in one plugin. Its name, source, findings and their evidence come from files the agent could
     * write: each line is escaped ({@link SafeText}), line breaks in them included.
     */
    static void describe(PrintWriter out, Plugin p, TrustStore trust) {
        out.println(SafeText.of(p.name() + "  (" + p.kind() + ", " + p.scope() + ", " + trust.status(p).label() + ")"));
        out.println(SafeText.of("  source: " + p.source()));
        out.println("  digest: " + p.digest());
        out.println("  can:    " + p.capabilityLabels());
        for (Finding f : p.findings()) {
            out.println(SafeText.of("    " + f.capability().label() + ": " + f.where() + "  " + f.evidence()));
        }
    }

    static Path workspaceOf(Path option) {
        return (option != null ? option : Path.of("")).toAbsolutePath().normalize();
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"List every plugin with its digest, its trust status and the capabilities found by static scanning: "
                    + "network access, file system writes, process execution, dynamic code evaluation.",
                "Scanning is a review aid, not a proof: read what you approve."},
            footer = {"", "Examples:",
                "  # the agent's configuration and the current directory's .claude/ and .mcp.json",
                "  paude plugins audit",
                "",
                "  # another project, as JSON",
                "  paude plugins audit --json --workspace ~/project"})
    static final class Audit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON (plugins with name, kind, scope, source, digest, status, capabilities, findings).")
        boolean json;

        @Option(names = "--workspace", paramLabel = "DIR", description = "Project whose .claude/ and .mcp.json are audited too. Default: the current directory.")
        Path workspace;

        @Override
        public Integer call() throws Exception {
            List<Plugin> found = scan(workspaceOf(workspace));
            TrustStore trust = TrustStore.load(Services.paths().config());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (Plugin p : found) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", p.name());
                    m.put("kind", p.kind());
                    m.put("scope", p.scope());
                    m.put("source", p.source());
                    m.put("digest", p.digest());
                    m.put("status", trust.status(p).name().toLowerCase(java.util.Locale.ROOT));
                    m.put("capabilities", p.capabilities().stream().map(Capability::label).toList());
                    m.put("findings", p.findings().stream().map(f -> Map.of("capability", f.capability().label(), "where", f.where(),
                            "evidence", f.evidence())).toList());
                    items.add(m);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("trustedList", trust.file().toString());
                doc.put("plugins", items);
                out.println(SafeJson.on(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
                return ExitCodes.OK;
            }
            if (found.isEmpty()) {
                out.println("paude: no plugins found");
                return ExitCodes.OK;
            }
            for (Plugin p : found) {
                describe(out, p, trust);
            }
            long open = found.stream().filter(p -> trust.status(p) != TrustStore.Status.TRUSTED).count();
            out.println();
            out.println(found.size() + " plugin(s), " + open + " not approved; trusted list: " + trust.file());
            if (open > 0) {
                out.println("Review each, then approve it with 'paude plugins trust NAME'.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "trust", mixinStandardHelpOptions = true,
            description = {"Show what was found in a plugin, then add it to your trusted list at its current digest "
                    + "($${XDG_CONFIG_HOME:-~/.config}/paude/trusted-plugins.json). A later change to it needs approval again."},
            footer = {"", "Examples:",
                "  # approve two, by the names 'paude plugins audit' prints",
                "  paude plugins trust command:review hook:settings/PreToolUse/1",
                "",
                "  # approve every plugin found (each is shown first)",
                "  paude plugins trust --all"})
    static final class Trust implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "Plugin names as 'paude plugins audit' prints them.")
        List<String> names = new ArrayList<>();

        @Option(names = "--all", description = "Approve every plugin found, after showing each.")
        boolean all;

        @Option(names = "--workspace", paramLabel = "DIR", description = "Project whose .claude/ and .mcp.json are included. Default: the current directory.")
        Path workspace;

        @Override
        public Integer call() {
            if (names.isEmpty() == !all) {
                throw new PolicyException("name the plugins to approve, or pass --all", "see them with 'paude plugins audit'");
            }
            List<Plugin> found = scan(workspaceOf(workspace));
            List<Plugin> chosen = new ArrayList<>();
            for (String n : all ? found.stream().map(Plugin::name).toList() : names) {
                chosen.add(named(found, n));
            }
            TrustStore trust = TrustStore.load(Services.paths().config());
            PrintWriter out = spec.commandLine().getOut();
            for (Plugin p : chosen) {
                describe(out, p, trust);
                trust.trust(p);
            }
            trust.save();
            for (Plugin p : chosen) {
                out.println("paude: trusted " + SafeText.of(p.name()) + " at " + p.digest());
            }
            return ExitCodes.OK;
        }

        /**
         * The one plugin named {@code n} or printed as {@code n} by 'paude plugins audit': a name with control
         * characters is printed escaped and cannot be typed as it is. Two that print alike are refused both.
         */
        private static Plugin named(List<Plugin> found, String n) {
            List<Plugin> m = found.stream().filter(p -> p.name().equals(n) || SafeText.of(p.name()).equals(n)).toList();
            if (m.size() != 1) {
                throw new PolicyException((m.isEmpty() ? "no plugin named '" : "more than one plugin is printed as '") + n
                        + "' in the agent's configuration", "see the names with 'paude plugins audit', or approve all with --all");
            }
            return m.get(0);
        }
    }
}
