package io.paude.cli;

import io.paude.config.ConfigFiles;
import io.paude.config.PaudeConfig.LimitSettings;
import io.paude.policy.AgentKind;
import io.paude.runtime.EngineFacts;
import io.paude.session.LaunchOptions;
import io.paude.settings.Flags;
import io.paude.settings.Host;
import io.paude.settings.Resolver;
import io.paude.settings.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that shape a sandbox, shared by {@code run}, {@code start}, {@code demo} and {@code doctor}: picocli fills
 * them in, {@link #flags} hands them over as they are, and {@link Resolver} checks them and combines them with the
 * configuration files (the one place of precedence and of the cross-option checks).
 */
public final class SandboxOptions {
    @Option(names = "--agent", paramLabel = "claude|shell", defaultValue = "claude", completionCandidates = AgentNames.class,
            description = "Program to run: claude (Claude Code, default) or shell (bash; needs no credentials).")
    String agent;

    @Option(names = "--claude-arg", paramLabel = "ARG",
            description = "Pass ARG to Claude Code (repeatable, in order; one word each), e.g. --claude-arg=--permission-mode "
                    + "--claude-arg=acceptEdits, or --claude-arg=--model --claude-arg=sonnet. The session stays interactive. "
                    + "Only from the command line: paude.json, which the agent can write, cannot set them.")
    List<String> claudeArgs = new ArrayList<>();

    @Option(names = "--workspace", paramLabel = "DIR", description = "Project directory, mounted read-write at the same path. Default: the current directory.")
    Path workspace;

    @Option(names = "--allow-domain", paramLabel = "DOMAIN", split = ",",
            description = "Allow this host through the proxy (repeatable). Nothing is allowed by default. 'example.com' is "
                    + "that host only; .example.com is example.com and every name below it (warned at every start: prefer "
                    + "exact hosts). A public suffix (co.uk, github.io) is refused. Aliases: npm, pypi, crates, maven, go, "
                    + "rubygems, github.")
    List<String> allowDomains = new ArrayList<>();

    @Option(names = "--allow-network",
            description = "Research mode: no proxy and no allowlist, full network access. Warned and recorded.")
    boolean allowNetwork;

    @Option(names = "--egress-network", paramLabel = "NAME",
            description = "Network through which the proxy reaches the outside. Default: the engine's default network.")
    String egressNetwork;

    @Option(names = "--proxy-dns", paramLabel = "IP", split = ",",
            description = "IP address of the DNS server the proxy asks for the hosts it lets through (repeatable), e.g. your "
                    + "company's resolver. Default: the engine's. The agent itself never has a resolver.")
    List<String> proxyDns = new ArrayList<>();

    @Option(names = "--allow-private-destinations", paramLabel = "CIDR", split = ",",
            description = "Private address range (e.g. your intranet, 10.20.0.0/16) that allowlisted hosts may resolve to "
                    + "(repeatable). Default: none; an allowlisted name that resolves to a private, loopback or link-local "
                    + "address is refused. Loopback and link-local (cloud metadata) cannot be opened.")
    List<String> privateDestinations = new ArrayList<>();

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "auto",
            description = {"How Claude Code reaches its model. Default auto: vertex when CLAUDE_CODE_USE_VERTEX is set, else",
                "oauth-token when CLAUDE_CODE_OAUTH_TOKEN is, else api-key when ANTHROPIC_API_KEY is, else none.",
                "vertex, api-key, oauth-token: the proxy's model gateway adds your credential (Vertex AI: short-lived",
                "access tokens minted on the host from your application default credentials, renewed); the agent holds a",
                "placeholder. gcloud-mount: your gcloud directory read-only in the agent, which then holds your tokens",
                "(opt-in). none: no credential."})
    String auth;

    @Option(names = "--upstream-ca", paramLabel = "PEM",
            description = "A CA certificate the model gateway trusts for the provider's host besides the system's (a network "
                    + "that re-signs TLS).")
    Path upstreamCa;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU cores for the agent. Default: half the host's, 1 to 4.")
    Double cpus;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory (and memory+swap) of the agent, e.g. 4g. Default: a quarter of the host's, 1g to 8g.")
    String memory;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Maximum processes in the agent (stops fork bombs). Default: 512.")
    Long pids;

    @Option(names = "--nofile", paramLabel = "N", description = "Open-file limit of the agent. Default: 4096.")
    Long nofile;

    @Option(names = "--tmp-size", paramLabel = "SIZE", description = "Size of each writable tmpfs (/tmp, home). Default: 1g.")
    String tmpSize;

    @Option(names = "--audit-max-size", paramLabel = "SIZE", defaultValue = "64m",
            description = "Cap of each log of the session on the host: the audit log of each recorded stream (the session, "
                    + "and each 'paude exec'), the proxy's access and cache logs, the engine's log of each container; the "
                    + "oldest quarter is dropped when it is reached. Default: ${DEFAULT-VALUE}.")
    String auditMaxSize;

    @Option(names = "--audit-keep-sessions", paramLabel = "N", defaultValue = "50",
            description = "Keep the logs of the newest N sessions; older ones are pruned at start. Default: ${DEFAULT-VALUE}.")
    int auditKeepSessions;

    @Option(names = "--audit-max-age", paramLabel = "DAYS", defaultValue = "30",
            description = "Prune the logs of sessions older than DAYS at start. Default: ${DEFAULT-VALUE}.")
    int auditMaxAge;

    @Option(names = "--trust-project-config",
            description = "Approve the workspace's paude.json as it is now (see 'paude config trust').")
    boolean trustProjectConfig;

    @Option(names = "--allow-untrusted-plugins",
            description = "Start even though the agent's configuration holds plugins you have not approved (see 'paude plugins audit'). "
                    + "Warned and recorded in the session directory.")
    boolean allowUntrustedPlugins;

    @Option(names = "--git-backups-keep", paramLabel = "N",
            description = "Git history backups kept per repository (one is taken before each session). Default: 10, or gitBackups.keep.")
    Integer gitBackupsKeep;

    @Option(names = "--secret", paramLabel = "NAME[=ENVVAR|=@FILE]",
            description = {"Give the agent a secret as the read-only file /run/secrets/NAME (repeatable), read from",
                "paude's variable ENVVAR (default NAME) or from FILE. Never passed as an environment variable."})
    List<String> secrets = new ArrayList<>();

    @Option(names = "--allow-secrets",
            description = "Start although the pre-flight scan found secrets in files the agent can read. Warned and recorded.")
    boolean allowSecrets;

    @Option(names = "--allow-tracked-secrets",
            description = "Start although masked secret files are tracked by git (readable through git's objects). Warned and recorded.")
    boolean allowTrackedSecrets;

    @Option(names = "--runtime", paramLabel = "default|runsc",
            description = {"The OCI runtime of the agent's container: runsc runs it under gVisor, a kernel of its own between",
                "the agent and the host's (docs/gvisor.md); default is the engine's (runc). Config key: runtime.",
                "Default: the config files' setting, else default."})
    String runtime;

    @Option(names = EngineFacts.ACCEPT_FLAG,
            description = {"Start on a rootless engine that cannot enforce the CPU, memory and pids limits (rootless Podman",
                "on cgroup v1), which is refused otherwise. Warned at every start and recorded in the session record."})
    boolean acceptUnenforcedLimits;

    /** What shell completion offers after --agent. */
    static final class AgentNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(AgentKind.values()).map(AgentKind::id).iterator();
        }
    }

    /** The values as given, for the resolver: every check and every rule of precedence is {@link Resolver}'s. */
    Flags flags() {
        return new Flags(agent, claudeArgs, workspace, auth, upstreamCa, runtime,
                new LimitSettings(cpus, memory, pids, nofile, tmpSize),
                new Flags.Network(allowNetwork, allowDomains, egressNetwork, proxyDns, privateDestinations),
                new Flags.Audit(auditMaxSize, auditKeepSessions, auditMaxAge),
                new Flags.Guards(allowUntrustedPlugins, allowSecrets, allowTrackedSecrets, secrets, gitBackupsKeep),
                acceptUnenforcedLimits);
    }

    Path workspace() {
        return flags().workspace();
    }

    /** The configuration files of the workspace: its paude.json as approved, or approved now (--trust-project-config). */
    ConfigFiles files() {
        return Services.config(workspace(), trustProjectConfig);
    }

    /** These flags with {@code files}, on this host. */
    Resolver resolver(ConfigFiles files) {
        return new Resolver(flags(), files, System.getenv(), Host.current());
    }

    /** A session's settings: these flags with the workspace's configuration files; {@code command} follows {@code --}. */
    Settings settings(List<String> command) {
        return resolver(files()).settings(command);
    }

    /** How a session with {@code settings} is launched; a terminal when {@code interactive} and there is one. */
    static LaunchOptions launch(Settings settings, boolean interactive) {
        return new LaunchOptions(settings, true, interactive && System.console() != null);
    }
}
