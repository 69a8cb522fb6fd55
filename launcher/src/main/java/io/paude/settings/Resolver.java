package io.paude.settings;

import io.paude.config.ConfigFiles;
import io.paude.config.PaudeConfig.LimitSettings;
import io.paude.config.PaudeConfig.SecretSettings;
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
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place of precedence: the flags, the workspace's {@code paude.json} and the user's {@code config.json}
 * resolved into a session's {@link Settings}. A flag wins over the project's file, which wins over the user's, which
 * wins over the host's defaults, with these exceptions, each a protection from the agent (which can write the
 * project's file):
 * <ul>
 * <li>the allowlists and the secret-file patterns add up (the default list, the user's, the project's, the flags');</li>
 * <li>gVisor asked for by either file stays: a project's file cannot take the user's second wall away, only
 * {@code --runtime} can ({@link AgentRuntime#stronger});</li>
 * <li>the number of git backups comes from {@code --git-backups-keep}, then {@value #KEEP_ENV}, then the user's file
 * alone: a project could otherwise prune the backups that protect it;</li>
 * <li>the guards' overrides, {@code --claude-arg}, the network's and the audit's options are flags only.</li>
 * </ul>
 * Each part can be asked alone ({@code paude doctor} reports each); {@link #settings} checks them in the order the
 * messages have always come in: the policy's first.
 */
public final class Resolver {
    /** The variable that sets the number of git backups kept, between the flag and the user's file. */
    public static final String KEEP_ENV = "PAUDE_GIT_BACKUPS_KEEP";

    private final Flags flags;
    private final ConfigFiles files;
    private final Map<String, String> env;
    private final Host host;

    public Resolver(Flags flags, ConfigFiles files, Map<String, String> env, Host host) {
        this.flags = flags;
        this.files = files;
        this.env = Map.copyOf(env);
        this.host = host;
    }

    /** Everything a session needs; {@code command} is what follows {@code --} (empty: the agent). */
    public Settings settings(List<String> command) {
        SandboxPolicy policy = policy(command);
        GuardOptions guards = guards();
        AuditSettings audit = audit();
        ProxyDns dns = proxyDns();
        PrivateDestinations destinations = privateDestinations();
        return new Settings(policy, engine(), runtime(), flags.network().egress(), dns, destinations, audit, guards,
                flags.acceptUnenforcedLimits());
    }

    /** The sandbox: the flags' contradictions refused, the allowlist, the limits for the runtime, the agent's command. */
    public SandboxPolicy policy(List<String> command) {
        AgentKind kind = AgentKind.parse(flags.agent());
        Flags.Network net = flags.network();
        if (net.open() && !net.allowDomains().isEmpty()) {
            throw new PolicyException("--allow-network and --allow-domain contradict each other",
                    "--allow-network already allows everything; drop one of them");
        }
        if (net.open() && !privateDestinations().isEmpty()) {
            throw new PolicyException("--allow-network and --allow-private-destinations contradict each other",
                    "--allow-network runs no proxy, so there is no destination rule to open; drop one of them");
        }
        if (net.open() && !proxyDns().isEngineDefault()) {
            throw new PolicyException("--allow-network and --proxy-dns contradict each other",
                    "--allow-network runs no proxy, so there is no proxy resolver to set; drop one of them");
        }
        Allowlist allowlist = allowlist();
        AgentRuntime runtime = runtime();
        Limits limits = limits(runtime);
        runtime.checkPids(limits.pids(), host.pidMax());
        return new SandboxPolicy(kind, flags.workspace(), allowlist, net.open() ? NetworkMode.OPEN : NetworkMode.FILTERED,
                limits, List.of(), Map.of(), agentCommand(kind, command), modelAccess());
    }

    /** The default list, then the user's file's, the project's and {@code --allow-domain}: they add up. */
    public Allowlist allowlist() {
        return Allowlist.defaults().plus(files.user().allowDomains()).plus(files.project().allowDomains())
                .plus(flags.network().allowDomains());
    }

    /** {@code --runtime}, else the stronger of the files' {@code runtime}, else the engine's default. */
    public AgentRuntime runtime() {
        String r = flags.runtime() != null ? flags.runtime()
                : AgentRuntime.stronger(files.user().runtime(), files.project().runtime());
        return r == null ? AgentRuntime.DEFAULT : AgentRuntime.parse(r);
    }

    /** The limits of an agent under {@code runtime}: each the flag's, else the project's, else the user's, else the host's. */
    public Limits limits(AgentRuntime runtime) {
        Limits d = Limits.forHost(host.cpus(), host.memoryMiB());
        LimitSettings flag = flags.limits();
        return new Limits(
                first(flag.cpus(), LimitSettings::cpus, d.cpus()),
                mib(flag.memory(), "--memory", first(null, LimitSettings::memory, null), "memory", d.memoryMiB()),
                first(flag.pids(), LimitSettings::pids, runtime.defaultPids(d.pids())),
                first(flag.nofile(), LimitSettings::nofile, d.nofile()),
                mib(flag.tmpSize(), "--tmp-size", first(null, LimitSettings::tmpSize, null), "tmpSize", d.tmpMiB()));
    }

    /** The engine the files name, the project's over the user's ({@code --engine} and PAUDE_ENGINE come before). */
    public String engine() {
        return files.project().engine() != null ? files.project().engine() : files.user().engine();
    }

    /** {@code --auth} and {@code --upstream-ca}: how the agent reaches its model, as asked (resolved by the credentials guard). */
    public ModelAccess modelAccess() {
        Optional<String> ca = Optional.empty();
        if (flags.upstreamCa() != null) {
            try {
                String pem = Files.readString(flags.upstreamCa());
                if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                    throw new PolicyException("--upstream-ca " + flags.upstreamCa() + " holds no PEM certificate",
                            "give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)");
                }
                ca = Optional.of(pem);
            } catch (IOException e) {
                throw new PolicyException("cannot read --upstream-ca " + flags.upstreamCa() + ": " + e.getMessage(), "check the path");
            }
        }
        return ModelAccess.of(ModelAccess.Mode.parse(flags.auth() == null ? "auto" : flags.auth()), ca);
    }

    /** {@code --proxy-dns}, validated: IP addresses only. */
    public ProxyDns proxyDns() {
        return ProxyDns.parse(flags.network().proxyDns());
    }

    /** {@code --allow-private-destinations}, validated: CIDR ranges only. */
    public PrivateDestinations privateDestinations() {
        return PrivateDestinations.parse(flags.network().privateDestinations());
    }

    public AuditSettings audit() {
        Flags.Audit a = flags.audit();
        return new AuditSettings(AuditSettings.parseSize(a.maxSize(), "--audit-max-size"), a.keepSessions(), a.maxAgeDays());
    }

    /** The guards' overrides and secrets (flags only), the git backups to keep and the files' secret patterns. */
    public GuardOptions guards() {
        Flags.Guards g = flags.guards();
        List<SecretRef> secrets = secrets(g.secrets());
        return new GuardOptions(g.allowUntrustedPlugins(), g.allowSecrets(), g.allowTrackedSecrets(), secrets,
                gitBackupsKeep(), secretFiles(files));
    }

    /** The files to mask and the files the scan accepts: the user's and the project's add up (a project can only hide more). */
    public static SecretSettings secretFiles(ConfigFiles files) {
        SecretSettings u = files.user().secrets();
        SecretSettings p = files.project().secrets();
        return new SecretSettings(concat(u.mask(), p.mask()), concat(u.allow(), p.allow()));
    }

    /** {@code --secret} values: each parsed (a bad name refused before anything is created), a name given once. */
    static List<SecretRef> secrets(List<String> specs) {
        List<SecretRef> refs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String spec : new LinkedHashSet<>(specs)) { // the same spec twice is the same secret
            SecretRef r = SecretRef.parse(spec);
            if (!names.add(r.name())) {
                throw new PolicyException("--secret " + r.name() + " is given twice", "give each secret once, under its own name");
            }
            refs.add(r);
        }
        return refs;
    }

    /** {@code --git-backups-keep}, else {@value #KEEP_ENV}, else the user's {@code gitBackups.keep}, else 10. */
    int gitBackupsKeep() {
        Integer flag = flags.guards().gitBackupsKeep();
        String variable = env.get(KEEP_ENV);
        Integer user = files.user().gitBackups().keep();
        String chosen = flag != null ? flag.toString() : variable != null && !variable.isBlank() ? variable
                : user != null ? user.toString() : Integer.toString(GuardOptions.DEFAULT_GIT_BACKUPS_KEEP);
        try {
            int n = Integer.parseInt(chosen.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PolicyException("the number of git backups to keep must be at least 1, got '" + chosen + "'",
                "pass --git-backups-keep N, set " + KEEP_ENV + " or gitBackups.keep in ~/.config/paude/config.json");
    }

    /** {@code -- CMD}, else the agent with {@code --claude-arg}s (none: the agent's own command, {@link AgentKind#command}). */
    private List<String> agentCommand(AgentKind kind, List<String> command) {
        if (flags.claudeArgs().isEmpty()) {
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
        c.addAll(flags.claudeArgs());
        return c;
    }

    /** The flag's value, else the project file's, else the user file's, else {@code dflt}. */
    private <T> T first(T flag, Function<LimitSettings, T> key, T dflt) {
        T project = key.apply(files.project().limits());
        T user = key.apply(files.user().limits());
        return flag != null ? flag : project != null ? project : user != null ? user : dflt;
    }

    /** A size in MiB: the flag's (named {@code flagName} when wrong), else the files' ({@code key}), else {@code dflt}. */
    private static long mib(String flag, String flagName, String file, String key, long dflt) {
        return flag != null ? Limits.parseMiB(flag, flagName) : file != null ? Limits.parseMiB(file, key) : dflt;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
