package io.paude.cli;

import io.paude.config.PaudeConfig;
import io.paude.githistory.GitHistoryGuard;
import io.paude.plugins.PluginGuard;
import io.paude.policy.AgentKind;
import io.paude.policy.AgentRuntime;
import io.paude.policy.Allowlist;
import io.paude.policy.AuditSettings;
import io.paude.policy.Limits;
import io.paude.policy.ModelAccess;
import io.paude.policy.NetworkMode;
import io.paude.policy.PolicyException;
import io.paude.policy.PrivateDestinations;
import io.paude.policy.ProxyDns;
import io.paude.policy.SandboxPolicy;
import io.paude.runtime.EngineFacts;
import io.paude.secrets.SecretRef;
import io.paude.secrets.SecretsGuard;
import io.paude.session.LaunchOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that shape a sandbox, shared by {@code run} and {@code start}. Cross-option checks live in {@link #policy}. */
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

    Path workspace() {
        return (workspace != null ? workspace : Path.of("")).toAbsolutePath().normalize();
    }

    SandboxPolicy policy(PaudeConfig config, List<String> command) {
        AgentKind kind = AgentKind.parse(agent);
        if (allowNetwork && !allowDomains.isEmpty()) {
            throw new PolicyException("--allow-network and --allow-domain contradict each other",
                    "--allow-network already allows everything; drop one of them");
        }
        if (allowNetwork && !privateDestinations().isEmpty()) {
            throw new PolicyException("--allow-network and --allow-private-destinations contradict each other",
                    "--allow-network runs no proxy, so there is no destination rule to open; drop one of them");
        }
        if (allowNetwork && !proxyDns().isEngineDefault()) {
            throw new PolicyException("--allow-network and --proxy-dns contradict each other",
                    "--allow-network runs no proxy, so there is no proxy resolver to set; drop one of them");
        }
        Allowlist allowlist = Allowlist.defaults().plus(config.allowDomains()).plus(allowDomains);
        AgentRuntime runtime = runtime(config);
        Limits limits = limits(config.limits(), runtime);
        runtime.checkPids(limits.pids(), hostPidMax());
        return new SandboxPolicy(kind, workspace(), allowlist, allowNetwork ? NetworkMode.OPEN : NetworkMode.FILTERED,
                limits, List.of(), Map.of(), agentCommand(kind, command), modelAccess());
    }

    /** {@code -- CMD}, else the agent with {@code --claude-arg}s (none: the agent's own command, {@link AgentKind#command}). */
    private List<String> agentCommand(AgentKind kind, List<String> command) {
        if (claudeArgs.isEmpty()) {
            return command;
        }
        if (kind != AgentKind.CLAUDE) {
            throw new PolicyException("--claude-arg is for Claude Code, and --agent is " + kind.id(),
                    "drop --claude-arg, or use --agent claude");
        }
        if (!command.isEmpty()) {
            throw new PolicyException("--claude-arg and a command after -- contradict each other",
                    "give Claude Code's arguments in the command itself: -- claude ARGS");
        }
        List<String> c = new ArrayList<>(kind.command());
        c.addAll(claudeArgs);
        return c;
    }

    /** {@code --auth} and {@code --upstream-ca}: how the agent reaches its model, as asked (resolved by the credentials guard). */
    ModelAccess modelAccess() {
        java.util.Optional<String> ca = java.util.Optional.empty();
        if (upstreamCa != null) {
            try {
                String pem = java.nio.file.Files.readString(upstreamCa);
                if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                    throw new PolicyException("--upstream-ca " + upstreamCa + " holds no PEM certificate",
                            "give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)");
                }
                ca = java.util.Optional.of(pem);
            } catch (java.io.IOException e) {
                throw new PolicyException("cannot read --upstream-ca " + upstreamCa + ": " + e.getMessage(), "check the path");
            }
        }
        return ModelAccess.of(ModelAccess.Mode.parse(auth == null ? "auto" : auth), ca);
    }

    /** The limits of a session whose agent runs under {@code runtime}: flags, then the config files, then the host's. */
    Limits limits(PaudeConfig.LimitSettings s, AgentRuntime runtime) {
        Runtime rt = Runtime.getRuntime();
        long hostMiB = hostMemoryMiB();
        Limits d = Limits.forHost(rt.availableProcessors(), hostMiB);
        return new Limits(
                pick(cpus, s.cpus(), d.cpus()),
                memory != null ? Limits.parseMiB(memory, "--memory") : s.memory() != null ? Limits.parseMiB(s.memory(), "memory") : d.memoryMiB(),
                pick(pids, s.pids(), runtime.defaultPids(d.pids())),
                pick(nofile, s.nofile(), d.nofile()),
                tmpSize != null ? Limits.parseMiB(tmpSize, "--tmp-size") : s.tmpSize() != null ? Limits.parseMiB(s.tmpSize(), "tmpSize") : d.tmpMiB());
    }

    LaunchOptions launch(PaudeConfig config, boolean interactive) {
        return new LaunchOptions(egressNetwork, true, interactive && System.console() != null, overrides(), audit(),
                proxyDns(), privateDestinations(), runtime(config));
    }

    /** {@code --runtime}, else the config files' {@code runtime}, else the engine's default. */
    AgentRuntime runtime(PaudeConfig config) {
        String r = runtime != null ? runtime : config.runtime();
        return r == null ? AgentRuntime.DEFAULT : AgentRuntime.parse(r);
    }

    /** {@code --allow-private-destinations}, validated: CIDR ranges only. */
    PrivateDestinations privateDestinations() {
        return PrivateDestinations.parse(privateDestinations);
    }

    /** {@code --proxy-dns}, validated: IP addresses only. */
    ProxyDns proxyDns() {
        return ProxyDns.parse(proxyDns);
    }

    AuditSettings audit() {
        return new AuditSettings(AuditSettings.parseSize(auditMaxSize, "--audit-max-size"), auditKeepSessions, auditMaxAge);
    }

    /** The guard overrides given on the command line; each guard that honours one warns and records it. */
    java.util.Set<String> overrides() {
        java.util.Set<String> o = new java.util.HashSet<>();
        if (allowUntrustedPlugins) {
            o.add(PluginGuard.OVERRIDE);
        }
        if (gitBackupsKeep != null) {
            o.add(GitHistoryGuard.KEEP_OVERRIDE + gitBackupsKeep);
        }
        if (allowSecrets) {
            o.add(SecretsGuard.ALLOW_SECRETS);
        }
        if (allowTrackedSecrets) {
            o.add(SecretsGuard.ALLOW_TRACKED);
        }
        if (acceptUnenforcedLimits) {
            o.add(EngineFacts.ACCEPT_OVERRIDE);
        }
        // --secret values travel to the secrets guard as "secret:NAME=SOURCE" (names and sources, never values)
        for (String s : secrets) {
            SecretRef.parse(s); // rejects a bad name before anything is created
            o.add(SecretRef.OVERRIDE_PREFIX + s);
        }
        return o;
    }

    private static <T> T pick(T flag, T config, T dflt) {
        return flag != null ? flag : config != null ? config : dflt;
    }

    /** The kernel's {@code pid_max}: the host's process ids, which a gVisor session's threads count against. */
    static long hostPidMax() {
        try {
            // readAllLines, not readString: the JDK read "3" of this /proc file's "32768" through readString
            return Long.parseLong(java.nio.file.Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip());
        } catch (java.io.IOException | NumberFormatException e) {
            return 32768; // Linux's default
        }
    }

    static long hostMemoryMiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // fall through to the JVM's view
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024) * 4;
    }
}
