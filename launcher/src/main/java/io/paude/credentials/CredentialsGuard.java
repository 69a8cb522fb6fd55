package io.paude.credentials;

import io.paude.Measure;
import io.paude.gateway.CredentialSource;
import io.paude.guard.Guard;
import io.paude.guard.GuardContext;
import io.paude.plan.Planner;
import io.paude.policy.AgentKind;
import io.paude.policy.ModelAccess;
import io.paude.policy.ModelAccess.Mode;
import io.paude.policy.ModelGateway;
import io.paude.policy.ModelGateway.Provider;
import io.paude.policy.Mount;
import io.paude.policy.NetworkMode;
import io.paude.policy.PolicyException;
import io.paude.policy.SandboxPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks 1, 2, 3, 5 and 6 of docs/tasks.md: what of the user's credentials reaches the agent, and the warnings
 * about the workspace before a start.
 * <ul>
 * <li>The model credential stays outside: with an API key, a subscription token or Vertex AI's application default
 * credentials, the session gets a {@link ModelGateway} on its proxy, which adds the credential to the agent's model
 * requests; the agent holds placeholders ({@link #resolve}). Only {@code --auth gcloud-mount} (task 3's mode, an
 * explicit opt-in) mounts the gcloud directory read-only at {@code ~/.config/gcloud}, and then allows exactly the
 * Vertex AI hosts of the configured regions and Google's token endpoint.</li>
 * <li>A sanitized copy of the global git configuration, read-only at {@code ~/.config/git} and named by
 * {@code GIT_CONFIG_GLOBAL}: identity without credential helpers ({@link GitIdentity}).</li>
 * <li>The Vertex variables of {@link VertexEnv}, and {@code GIT_TERMINAL_PROMPT=0} so git fails instead of waiting
 * for a password. Nothing else: no {@code ~/.ssh}, no agent socket, no {@code ~/.config/gh}, no tokens.</li>
 * <li>Warnings (the start continues): the workspace is not a git repository, has no remote, or has credentials in
 * its git configuration ({@link WorkspaceGit}), the secret masked.</li>
 * </ul>
 * Host paths come from {@code $HOME} and {@code CLOUDSDK_CONFIG}, never from the passwd entry.
 */
public final class CredentialsGuard implements Guard {
    public static final String GCLOUD_TARGET = Planner.AGENT_CONFIG + "/gcloud";
    public static final String GIT_TARGET = Planner.AGENT_CONFIG + "/git";

    /** Claude Code's traffic that a sandboxed run does not need: off in every session (docs/credentials.md). */
    public static final Map<String, String> QUIET = Map.of(
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
            "DISABLE_AUTOUPDATER", "1",
            "DISABLE_TELEMETRY", "1",
            "DISABLE_ERROR_REPORTING", "1");
    /** The three ways to give Claude Code a model credential, for the messages that need one. */
    public static final String HOW_TO_AUTHENTICATE = "set ANTHROPIC_API_KEY, or CLAUDE_CODE_OAUTH_TOKEN (from 'claude "
            + "setup-token'), or CLAUDE_CODE_USE_VERTEX=1 with gcloud application default credentials (docs/credentials.md)";
    /** Google's token endpoint: what the gcloud libraries in the agent refresh tokens at, in the gcloud-mount mode. */
    static final String GOOGLE_TOKEN_HOST = "oauth2.googleapis.com";

    @Override
    public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        WorkspaceGit.inspect(ctx.workspace()).warnings(ctx.workspace()).forEach(ctx::warn);
        Mode mode = resolve(policy, ctx);

        List<Mount> mounts = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>(new java.util.TreeMap<>(QUIET));
        if (mode == Mode.GCLOUD_MOUNT) {
            Path dir = gcloudDir(ctx.env(), ctx.paths().home()).orElseThrow(() -> new PolicyException(
                    "--auth gcloud-mount, but there is no gcloud directory at " + ctx.paths().home().resolve(".config/gcloud"),
                    "run 'gcloud auth application-default login' first, or set CLOUDSDK_CONFIG"));
            mounts.add(Mount.readOnly(dir, GCLOUD_TARGET));
            env.putAll(VertexEnv.select(ctx.env()));
            policy = policy.withAllowed(gcloudHosts(ctx.env()));
        } else {
            env.putAll(VertexEnv.modelChoice(ctx.env()));
        }
        ModelGateway gateway = gateway(mode, policy, ctx.env());
        if (gateway != null) {
            CredentialSource.of(gateway, ctx.env(), ctx.paths().home()); // a missing key or file stops the start here
            ctx.err().println("paude: " + gateway.describe());
            ctx.err().flush();
            if (!Measure.MODEL_CREDENTIALS_OUTSIDE.enforced()) {
                env.putAll(hostCredentials(ctx.env()));
            }
        }
        Path git = GitIdentity.write(ctx.sessionDir().resolve("git"), ctx.env(), ctx.paths().home());
        mounts.add(Mount.readOnly(git, GIT_TARGET));
        env.put("GIT_CONFIG_GLOBAL", GIT_TARGET + "/config");
        env.put("GIT_TERMINAL_PROMPT", "0");
        return policy.withModel(policy.model().resolved(mode, java.util.Optional.ofNullable(gateway))).withMounts(mounts).withEnv(env);
    }

    /**
     * The way the agent reaches its model: as asked, or for {@code auto} from the host's environment (Vertex AI when
     * CLAUDE_CODE_USE_VERTEX is set, else a subscription token, else an API key, else none). A gateway needs the
     * proxy; without one ({@code --allow-network}) an explicit gateway mode is refused and {@code auto} is none.
     */
    static Mode resolve(SandboxPolicy policy, GuardContext ctx) {
        Mode asked = policy.model().mode();
        Map<String, String> env = ctx.env();
        boolean proxy = policy.network() == NetworkMode.FILTERED;
        Mode mode = asked;
        if (asked == Mode.AUTO) {
            mode = automatic(env);
            if (!proxy && mode != Mode.NONE) {
                ctx.warn("--allow-network runs no proxy, so no model gateway: the agent gets no model credential "
                        + "(use --auth gcloud-mount for Vertex AI with the gcloud directory mounted)");
                mode = Mode.NONE;
            }
            if (mode == Mode.NONE && runsClaude(policy)) {
                ctx.warn("no model credential is configured, so Claude Code will ask you to log in, which the allowlist "
                        + "blocks. Fix: " + HOW_TO_AUTHENTICATE);
            }
        } else if (!proxy && (asked == Mode.VERTEX || asked == Mode.API_KEY || asked == Mode.OAUTH_TOKEN)) {
            throw new PolicyException("--auth " + asked.id() + " needs the proxy, which holds the credential, and "
                    + "--allow-network runs none", "drop --allow-network, or use --auth gcloud-mount");
        }
        return mode;
    }

    /** What {@code --auth auto} resolves to in {@code env} (with a proxy). */
    static Mode automatic(Map<String, String> env) {
        return truthy(env.get("CLAUDE_CODE_USE_VERTEX")) ? Mode.VERTEX
                : present(env, CredentialSource.OAUTH_TOKEN_VARIABLE) ? Mode.OAUTH_TOKEN
                : present(env, CredentialSource.API_KEY_VARIABLE) ? Mode.API_KEY : Mode.NONE;
    }

    /** Whether {@code env} holds a model credential that {@code --auth auto} gives Claude Code (through the gateway). */
    public static boolean credentialConfigured(Map<String, String> env) {
        return automatic(env) != Mode.NONE;
    }

    /** Whether the session runs Claude Code: the agent itself, or a command after -- that is {@code claude}. */
    private static boolean runsClaude(SandboxPolicy policy) {
        return policy.effectiveCommand().get(0).equals(AgentKind.CLAUDE.command().get(0));
    }

    private static ModelGateway gateway(Mode mode, SandboxPolicy policy, Map<String, String> env) {
        ModelAccess access = policy.model();
        return switch (mode) {
            case API_KEY -> ModelGateway.anthropic(Provider.ANTHROPIC_API_KEY, access.upstreamCa());
            case OAUTH_TOKEN -> ModelGateway.anthropic(Provider.ANTHROPIC_OAUTH, access.upstreamCa());
            case VERTEX -> new ModelGateway(Provider.VERTEX, firstSet(env, "ANTHROPIC_VERTEX_PROJECT_ID", "GOOGLE_CLOUD_PROJECT",
                    "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"), VertexEnv.regions(env), access.upstreamCa());
            default -> null;
        };
    }

    /** The exact hosts the gcloud-mount mode needs: Vertex AI of each configured region, Google's token endpoint. */
    static List<String> gcloudHosts(Map<String, String> env) {
        List<String> hosts = new ArrayList<>();
        for (String r : VertexEnv.regions(env)) {
            hosts.add(r.equals("global") ? "aiplatform.googleapis.com" : r + "-aiplatform.googleapis.com");
        }
        hosts.add(GOOGLE_TOKEN_HOST);
        return hosts;
    }

    /**
     * The host's model credential as the mutation pass's weakening hands it to the agent: in ANTHROPIC_AUTH_TOKEN,
     * which Claude Code also reads and which the gateway's placeholders do not overwrite.
     */
    private static Map<String, String> hostCredentials(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : List.of(CredentialSource.API_KEY_VARIABLE, CredentialSource.OAUTH_TOKEN_VARIABLE)) {
            if (present(env, v) && out.isEmpty()) {
                out.put("ANTHROPIC_AUTH_TOKEN", env.get(v));
            }
        }
        return out;
    }

    private static boolean truthy(String v) {
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    private static boolean present(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            if (present(env, n)) {
                return env.get(n).strip();
            }
        }
        return null;
    }

    /** {@code ${CLOUDSDK_CONFIG:-$HOME/.config/gcloud}} when it is a directory. */
    static Optional<Path> gcloudDir(Map<String, String> env, Path home) {
        String custom = env.get("CLOUDSDK_CONFIG");
        Path dir = custom != null && custom.startsWith("/") ? Path.of(custom) : home.resolve(".config/gcloud");
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }
}
