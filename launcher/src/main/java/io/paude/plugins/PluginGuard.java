package io.paude.plugins;

import io.paude.Measure;
import io.paude.SafeText;
import io.paude.guard.Guard;
import io.paude.guard.GuardContext;
import io.paude.policy.Mount;
import io.paude.policy.Refusal;
import io.paude.policy.SandboxPolicy;
import io.paude.state.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Task 7: the agent's configuration cannot carry a backdoor from one session to the next or out to the host.
 *
 * <p>The host's configuration ({@link AgentConfig}) is never mounted. Each session gets a private copy, mounted
 * read-write at {@value AgentConfig#CONTAINER_DIR} with {@code CLAUDE_CONFIG_DIR} pointing at it, so the agent works
 * normally and whatever it writes dies with the session. Every plugin in that copy (and in the workspace's project
 * configuration) must be on the user's trusted list at its current digest, or the start stops; the override
 * {@value #OVERRIDE} is warned about and recorded in the session directory ({@code plugins.json}).
 */
public final class PluginGuard implements Guard {
    public static final String OVERRIDE = "allow-untrusted-plugins";
    public static final String COPY_DIR = "claude";
    public static final String RECORD = "plugins.json";

    @Override
    public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        AgentConfig host = AgentConfig.of(ctx.env(), ctx.paths().home());
        int[] ids = agentIds(policy.workspace());
        // Audit the copy, not the host: what is checked is exactly what the agent gets.
        AgentConfig copy = SessionCopy.seed(host, ctx.sessionDir().resolve(COPY_DIR), ids[0], ids[1],
                policy.workspace());
        List<Plugin> found = new PluginScanner(copy, host.dir()).scan(policy.workspace());
        TrustStore trust = TrustStore.load(ctx.paths().config());
        List<Plugin> refused = found.stream().filter(p -> trust.status(p) != TrustStore.Status.TRUSTED).toList();
        boolean overridden = !refused.isEmpty() && ctx.options().allowUntrustedPlugins();
        record(ctx.sessionDir(), found, trust, overridden);
        if (!refused.isEmpty() && Measure.PLUGIN_TRUST_GATE.enforced()) {
            // the names come from files the agent can write: escaped, so that none can end the message's line
            String list = refused.stream().map(p -> SafeText.of(p.name()) + " (" + trust.status(p).label() + "; can: "
                    + p.capabilityLabels() + ")").collect(Collectors.joining(", "));
            if (!overridden) {
                throw new Refusal("plugins of the agent that you have not approved: " + list,
                        "review them with 'paude plugins audit', then approve each with 'paude plugins trust NAME'"
                                + " (or start once anyway with --" + OVERRIDE + ")");
            }
            ctx.warn("--" + OVERRIDE + ": the agent starts with plugins you have not approved: " + list
                    + " (recorded in " + ctx.sessionDir().resolve(RECORD) + ")");
        }
        return policy.withMounts(List.of(Mount.readWrite(copy.dir(), AgentConfig.CONTAINER_DIR)))
                .withEnv(Map.of("CLAUDE_CONFIG_DIR", AgentConfig.CONTAINER_DIR));
    }

    private static void record(Path sessionDir, List<Plugin> found, TrustStore trust, boolean overridden) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("untrustedAllowed", overridden ? "--" + OVERRIDE : null); // null: none, or not allowed
        r.put("plugins", found.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("digest", p.digest());
            m.put("status", trust.status(p).label());
            m.put("capabilities", p.capabilities().stream().map(Capability::label).toList());
            return m;
        }).toList());
        try {
            Files.writeString(sessionDir.resolve(RECORD), Json.write(r) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same rule as the session's: the workspace's owner, uid 1000 when that is root. */
    private static int[] agentIds(Path workspace) {
        try {
            int uid = (Integer) Files.getAttribute(workspace, "unix:uid");
            int gid = (Integer) Files.getAttribute(workspace, "unix:gid");
            return uid == 0 ? new int[] {1000, 1000} : new int[] {uid, gid == 0 ? uid : gid};
        } catch (IOException | UnsupportedOperationException e) {
            return new int[] {1000, 1000};
        }
    }
}
