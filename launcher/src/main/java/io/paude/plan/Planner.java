package io.paude.plan;

import io.paude.audit.Recorder;
import io.paude.policy.AgentRuntime;
import io.paude.policy.Limits;
import io.paude.policy.Mount;
import io.paude.policy.NetworkMode;
import io.paude.policy.SandboxPolicy;
import io.paude.proxy.SquidConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a policy into the networks and containers of one session. Pure: no I/O, same input, same plan. */
public final class Planner {
    /**
     * What a detached agent runs between {@code exec}s, under the audit recorder (PID 1, which also reaps what is
     * re-parented to it). Unlike {@code sleep infinity} it reaps the orphans of its own children: without that, the zombies of a fork bomb killed by the pids limit would hold every
     * pid slot for the rest of the session, and no command could run in it again.
     */
    static final List<String> IDLE = List.of("bash", "-c", "trap 'exit 0' TERM; while :; do sleep 3600 & wait $!; done");

    /** The agent's home inside the container: a tmpfs, since the root file system is read-only. */
    public static final String AGENT_HOME = "/home/paude";
    /**
     * The agent's {@code ~/.config}. When a read-only directory is mounted below it (gcloud, git), the engine would
     * create it as a root-owned directory and the agent could no longer create its own config directories there
     * (gh, pip, ...); an agent-owned tmpfs keeps it writable while the mounts below stay read-only.
     */
    public static final String AGENT_CONFIG = AGENT_HOME + "/.config";
    public static final String PROXY_LOG_DIR = "/var/log/paude-proxy";
    /** The proxy runs as squid's own unprivileged user with no capability at all; its log files are pre-created. */
    public static final String PROXY_USER = "proxy";
    /** Debian's uid and gid of that user: the owner of the proxy's tmpfs for the gateway's credential. */
    static final int PROXY_UID = 13;
    /**
     * The agent's resolver configuration: a resolver on loopback that does not exist, so every lookup of an outside
     * name fails at once and cannot leak data (DNS tunnelling); the proxy resolves the names it is asked for.
     */
    public static final String RESOLV_CONF = "nameserver 127.0.0.1\noptions ndots:0 timeout:1 attempts:1\n";

    private Planner() {
    }

    /**
     * The session's internal network: the agent's only network when the proxy filters, none otherwise. Depends on
     * nothing a guard decides, so the session can create it while the guards run.
     */
    public static Optional<NetworkSpec> network(SandboxPolicy policy, SessionContext ctx) {
        return policy.network() != NetworkMode.FILTERED ? Optional.empty()
                : Optional.of(new NetworkSpec(ctx.session() + "-net", true, ctx.subnet(), with(labels(policy, ctx), Labels.ROLE, "network")));
    }

    private static Map<String, String> labels(SandboxPolicy policy, SessionContext ctx) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.SESSION, ctx.session());
        labels.put(Labels.WORKSPACE, policy.workspace().toString());
        labels.put(Labels.MODE, ctx.detached() ? "detached" : "attached");
        if (ctx.launcherPid() > 0) {
            labels.put(Labels.LAUNCHER_PID, Long.toString(ctx.launcherPid()));
        }
        return labels;
    }

    public static SandboxPlan plan(SandboxPolicy policy, SessionContext ctx) {
        Map<String, String> labels = labels(policy, ctx);
        boolean filtered = policy.network() == NetworkMode.FILTERED;
        Optional<NetworkSpec> internal = network(policy, ctx);
        Optional<ContainerSpec> proxy = Optional.empty();
        Map<String, String> proxyFiles = Map.of();
        String agentNetwork = ctx.egressNetwork();
        String agentIp = null;
        List<Mount> mounts = new ArrayList<>();
        mounts.add(Mount.readWrite(policy.workspace(), policy.workspace().toString()));
        Map<String, String> env = new LinkedHashMap<>(policy.env());
        env.put("HOME", AGENT_HOME);
        env.put("PAUDE_SESSION", ctx.session());

        if (filtered) {
            String netName = internal.orElseThrow().name();
            Map<String, String> proxyLabels = with(labels, Labels.ROLE, "proxy");
            proxy = Optional.of(proxySpec(ctx, netName, proxyLabels, policy.model().gateway().isPresent()));
            proxyFiles = SquidConfig.files(policy.allowlist(), ctx.subnet().agentIp(), ctx.proxyDns(), ctx.privateDestinations(),
                    ctx.audit(), policy.model().gateway());
            agentNetwork = netName;
            agentIp = ctx.subnet().agentIp();
            mounts.add(Mount.readOnly(ctx.agentConfigDir().resolve("resolv.conf"), "/etc/resolv.conf"));
            String proxyUrl = "http://" + ctx.subnet().proxyIp() + ":" + SquidConfig.PORT;
            for (String v : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
                env.put(v, proxyUrl);
            }
            // The model gateway is the proxy's second port: reached directly, on the internal network, never through
            // the forward port (which would refuse the raw address). The agent gets placeholders, never the credential.
            String noProxy = "localhost,127.0.0.1,::1";
            if (policy.model().gateway().isPresent()) {
                env.putAll(policy.model().gateway().get().agentEnv(ctx.subnet().proxyIp()));
                noProxy += "," + ctx.subnet().proxyIp();
            }
            env.put("NO_PROXY", noProxy);
            env.put("no_proxy", noProxy);
        }

        mounts.add(Mount.readWrite(ctx.auditDir(), Recorder.LOG_DIR));
        if (ctx.runtime() == AgentRuntime.GVISOR) { // the profile the recorder loads into exec'd processes there
            mounts.add(Mount.readOnly(ctx.agentConfigDir().resolve(SeccompProfile.RULES_FILE), Recorder.SECCOMP_RULES));
        }
        mounts.addAll(policy.mounts());

        Limits limits = policy.limits();
        List<Tmpfs> tmpfs = new ArrayList<>(List.of(
                new Tmpfs("/tmp", limits.tmpMiB(), "1777", 0, 0),
                new Tmpfs(AGENT_HOME, limits.tmpMiB(), "0700", ctx.uid(), ctx.gid()),
                new Tmpfs(Recorder.PARENT, 1, "0700", 0, 0)));
        if (policy.mounts().stream().anyMatch(m -> m.target().startsWith(AGENT_CONFIG + "/"))) {
            tmpfs.add(new Tmpfs(AGENT_CONFIG, limits.tmpMiB(), "0700", ctx.uid(), ctx.gid()));
        }
        List<String> agentCommand = ctx.detached() ? IDLE
                : Recorder.endingWithAgent(policy.effectiveCommand());
        // The audit recorder (task 8) is PID 1: as root it records every exec of the agent's processes, which it runs
        // as the agent's uid/gid with an empty bounding set. Hence the container starts as root with the four
        // capabilities the recorder needs (Recorder.CAPABILITIES); the agent's own processes hold none and have
        // no-new-privileges. If the recorder dies, PID 1 is gone and the container stops: fail closed.
        // With a proxy, the agent's container starts while the proxy does; the recorder holds the agent's command back
        // until the launcher has seen the proxy ready (a detached session's idle command needs no proxy).
        Recorder.Role role = filtered && !ctx.detached() ? Recorder.Role.PID1_AFTER_PROXY : Recorder.Role.PID1;
        List<String> command = Recorder.wrap(Recorder.MAIN, ctx.uid(), ctx.gid(), ctx.audit(), agentCommand, role,
                ctx.runtime());
        Map<String, String> agentLabels = with(labels, Labels.ROLE, "agent");
        agentLabels.put(Labels.AGENT_USER, ctx.uid() + ":" + ctx.gid());
        agentLabels.put(Labels.AUDIT_MAX, Long.toString(ctx.audit().maxBytes()));
        agentLabels.put(Labels.RUNTIME, ctx.runtime().id());
        if (filtered) {
            policy.model().gateway().ifPresent(g -> agentLabels.put(Labels.MODEL_GATEWAY, g.provider().id()));
        }
        ContainerSpec agent = new ContainerSpec(
                ctx.session() + "-agent", ctx.agentImage(), agentLabels,
                "0:0", Recorder.CAPABILITIES, true, tmpfs, mounts, env,
                agentNetwork, agentIp, List.of(), limits, policy.workspace().toString(), command,
                !ctx.detached() && ctx.stdin(), !ctx.detached() && ctx.tty(),
                ctx.agentConfigDir().resolve(SeccompProfile.FILE), ctx.audit().maxBytes(), ctx.runtime());
        String seccomp = SeccompProfile.json();
        Map<String, String> agentFiles = new LinkedHashMap<>();
        agentFiles.put(SeccompProfile.FILE, seccomp);
        if (ctx.runtime() == AgentRuntime.GVISOR) {
            agentFiles.put(SeccompProfile.RULES_FILE, SeccompProfile.rules());
        }
        if (filtered) {
            agentFiles.put("resolv.conf", RESOLV_CONF);
            proxyFiles = new LinkedHashMap<>(proxyFiles);
            proxyFiles.put(SeccompProfile.FILE, seccomp);
        }
        return new SandboxPlan(ctx.session(), policy.network(), internal, proxy, agent, ctx.egressNetwork(), proxyFiles,
                agentFiles);
    }

    private static ContainerSpec proxySpec(SessionContext ctx, String network, Map<String, String> labels, boolean gateway) {
        List<Mount> mounts = List.of(
                Mount.readOnly(ctx.proxyConfigDir(), SquidConfig.CONFIG_DIR),
                Mount.readWrite(ctx.proxyLogDir(), PROXY_LOG_DIR));
        // the gateway's credential lives in the proxy's memory only: a tmpfs the launcher writes through the engine
        List<Tmpfs> tmpfs = gateway ? List.of(new Tmpfs(SquidConfig.CREDENTIAL_DIR, 1, "0700", PROXY_UID, PROXY_UID)) : List.of();
        return new ContainerSpec(ctx.session() + "-proxy", ctx.proxyImage(), labels, PROXY_USER, List.of(), true,
                tmpfs,
                mounts, Map.of(), network, ctx.subnet().proxyIp(), List.of(), Limits.proxy(), null, List.of(), false, false,
                ctx.proxyConfigDir().resolve(SeccompProfile.FILE), ctx.audit().maxBytes(),
                AgentRuntime.DEFAULT);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }
}
