package io.paude.steps.mutation;

import io.paude.Measure;
import io.paude.audit.Recorder;
import io.paude.plugins.AgentConfig;
import io.paude.policy.Mount;
import io.paude.runtime.ContainerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import io.paude.plan.ContainerSpec;
import io.paude.plan.Labels;
import io.paude.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One hardening measure of the sandbox, removed. Each constant changes what the launcher asks the engine for, at the
 * narrowest point where the measure lives: the agent's container spec (what {@code plan/Planner} decided), the
 * engine's command line (what {@code runtime/Argv} always adds), the proxy's configuration (what
 * {@code proxy/SquidConfig} rendered) or the commands {@code paude exec} runs. The sandbox is otherwise the real one.
 * Each names the scenarios expected to notice, cheapest and most direct first: the mutation pass runs them in that
 * order and stops at the first that fails. Each also names the rows of docs/threat-model.md whose mitigation it removes
 * ({@link Covers}; {@code ThreatCoverageTest} fails when a row has no weakening) and whether it is in the core set
 * that CI runs on Podman too. A measure of the launcher itself, which no engine sees, is switched off through
 * {@link #hostMeasure()} ({@code io.paude.Measure}); docs/mutation.md lists them all.
 * <p>
 * Test code only: reached through {@link WeakenedMain}, never from the shipped launcher.
 */
public enum Weakening {
    NO_PROXY("no proxy: the agent on the egress network directly, without proxy settings or the dead resolver",
            "plan/Planner (internal network, proxy address, resolv.conf)",
            Covers.threats("@threat-exfiltration", "@threat-proxy-bypass").core().gvisor(),
            List.of(Probe.of("network-allowlist", "without the proxy the address of the test internet is unreachable"),
                    Probe.of("network-allowlist",
                            "the engine reports the agent on an internal network only, and the proxy as its only way out"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> {
                e.network = egressNetwork.get();
                e.ip = null;
                e.env.keySet().removeIf(k -> k.equalsIgnoreCase("HTTP_PROXY") || k.equalsIgnoreCase("HTTPS_PROXY")
                        || k.equalsIgnoreCase("NO_PROXY"));
                e.mounts.removeIf(m -> m.target().equals("/etc/resolv.conf"));
            });
        }
    },
    RESOLVER_KEPT("the engine's resolver kept in the agent (no dead resolv.conf): lookups of outside names go to the engine's DNS",
            "plan/Planner (RESOLV_CONF mounted at /etc/resolv.conf)",
            Covers.threats("@threat-dns").core().gvisor(),
            List.of(Probe.of("dns", "the agent's own lookups of an outside name fail inside the sandbox and reach no resolver"),
                    Probe.of("network-allowlist", "without the proxy an outside name cannot even be resolved"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.mounts.removeIf(m -> m.target().equals("/etc/resolv.conf")));
        }
    },
    ALLOWLIST_ALL("the proxy allows every host (allowlist 'all')", "proxy/SquidConfig (http_access allow allowlist)",
            Covers.threats("@threat-exfiltration", "@threat-domain-fronting", "@threat-agent-loop"),
            List.of(Probe.of("network-allowlist", "http://evil.com/steal?data=x is refused by the proxy while an allowlisted host works"))) {
        @Override
        String squid(String conf) {
            return conf.replace("http_access allow allowlist\n", "http_access allow all\n");
        }
    },
    WIDE_DEFAULT_ALLOWLIST("the former wide default allowlist back (.google.com, .gstatic.com, accounts.google.com, "
            + "oauth2.googleapis.com): Apps Script web apps and Forms of anyone's reachable without a flag",
            "policy/Allowlist.defaults (Measure.NARROW_DEFAULT_ALLOWLIST)", Covers.threats("@threat-anonymous-upload"),
            List.of(Probe.of("exfiltration-google", "a POST to an Apps Script web app is refused by the default allowlist, and nothing reaches the host"),
                    Probe.of("exfiltration-google", "a Google Form response is refused by the default allowlist, and nothing reaches the host"))) {
        @Override
        Measure hostMeasure() {
            return Measure.NARROW_DEFAULT_ALLOWLIST;
        }
    },
    PRIVATE_ADDRESSES_ALLOWED("allowlisted names may resolve to loopback, link-local (cloud metadata), the host's bridge or any private "
            + "address", "proxy/SquidConfig (http_access deny allowlist never_dst, ... private_dst)",
            Covers.threats("@threat-private-address"),
            List.of(Probe.of("dns", "allowlisted names answered with the metadata address, loopback or the host's bridge are refused, "
                    + "the fixture's subnet is not"))) {
        @Override
        String squid(String conf) {
            return conf.replaceAll("http_access deny allowlist (never_dst|!private_opened private_dst|private_dst)\n", "");
        }
    },
    PORTS_OPEN("the proxy tunnels and forwards to any port", "proxy/SquidConfig (Safe_ports, SSL_ports)",
            Covers.threats("@threat-port"),
            List.of(Probe.of("network-allowlist", "an allowlisted host on a port other than 443 cannot be tunnelled to"))) {
        @Override
        String squid(String conf) {
            return conf.replace("http_access deny !Safe_ports\n", "").replace("http_access deny CONNECT !SSL_ports\n", "");
        }
    },
    CAPABILITIES_KEPT("the engine's default capabilities kept (no --cap-drop ALL)", "runtime/Argv.container",
            Covers.threats("@threat-privilege").core().gvisor(),
            List.of(Probe.of("baseline", "the agent has no capabilities at all, not even in its bounding set"))) {
        @Override
        List<String> argv(List<String> argv) {
            return agentContainer(argv) ? withoutOption(argv, "--cap-drop", "ALL") : argv;
        }
    },
    BOUNDING_SET_KEPT("the agent keeps the container's bounding set (dropped to its user by setpriv, bounding set kept)",
            "images/agent/paude-recorder.c (drop_to), audit/Recorder.wrap",
            Covers.threats("@threat-privilege").core().gvisor(),
            List.of(Probe.of("baseline", "the agent has no capabilities at all, not even in its bounding set"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.command = exec(e.command));
        }

        @Override
        List<String> exec(List<String> command) {
            return unrecorded(command, null, false);
        }
    },
    GVISOR_OFF("the agent's container on the engine's default runtime although --runtime runsc was asked (no second wall)",
            "plan/Planner (ContainerSpec.runtime), runtime/Argv.container (--runtime)",
            Covers.threats("@threat-kernel-escape").gvisor(),
            List.of(Probe.GVISOR_WALL)) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.runtime = io.paude.policy.AgentRuntime.DEFAULT);
        }
    },
    GVISOR_PROFILE_NOT_LOADED("under gVisor, the recorder loads no seccomp profile into what it starts (no --seccomp-rules): "
            + "exec'd processes run without paude's profile, which runsc gives only the first process",
            "audit/Recorder.wrap (SECCOMP_RULES), images/agent/paude-seccomp-rules.c",
            Covers.threats("@threat-kernel-escape").gvisor(),
            List.of(Probe.GVISOR_WALL)) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.command = exec(e.command));
        }

        @Override
        List<String> exec(List<String> command) {
            List<String> c = new ArrayList<>(command);
            int at = c.indexOf("--seccomp-rules");
            if (at >= 0) {
                c.subList(at, at + 2).clear();
            }
            return c;
        }
    },
    NO_NEW_PRIVILEGES_OFF("no-new-privileges off", "runtime/Argv.container",
            Covers.threats("@threat-privilege").core().gvisor(),
            List.of(Probe.of("baseline", "the agent cannot gain privileges"))) {
        @Override
        List<String> argv(List<String> argv) {
            return agentContainer(argv) ? withoutOption(argv, "--security-opt", "no-new-privileges") : argv;
        }
    },
    SECCOMP_DEFAULT("the engine's default seccomp profile instead of paude's", "plan/SeccompProfile, runtime/Argv.container",
            Covers.threats("@threat-privilege").core().gvisor(),
            List.of(Probe.of("baseline", "the seccomp profile refuses io_uring with EPERM while ordinary calls work"),
                    Probe.of("baseline", "paude's seccomp profile is what the engine applied, and the agent runs under it"))) {
        @Override
        List<String> argv(List<String> argv) {
            return agentContainer(argv) ? withoutOption(argv, "--security-opt", "seccomp=") : argv;
        }
    },
    AGENT_ROOT("the agent runs as root (uid 0, still without capabilities; setpriv in place of the recorder, which refuses uid 0)",
            "plan/Planner and audit/Recorder (--uid), images/agent/paude-recorder.c",
            Covers.threats("@threat-privilege").core().gvisor(),
            List.of(Probe.of("baseline", "the agent is not root"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.command = exec(e.command));
        }

        @Override
        List<String> exec(List<String> command) {
            return unrecorded(command, "0", true);
        }
    },
    ROOT_WRITABLE("the agent's root file system writable", "plan/Planner (readOnlyRoot)",
            Covers.threats("@threat-supply-chain").core().gvisor(),
            List.of(Probe.of("package-controls", "the root file system is read-only and only /tmp and the home are writable"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.readOnlyRoot = false);
        }
    },
    CREDENTIALS_WRITABLE("the gcloud and git configuration mounts writable", "credentials/CredentialsGuard",
            Covers.threats("@threat-credentials|Tampering").core().gvisor(),
            List.of(Probe.of("credentials-cloud", "reading works; creating, changing and deleting fail as a read-only file system"),
                    Probe.of("credentials-cloud", "the engine mounts the gcloud directory read-only, as a directory"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.mounts.replaceAll(m -> m.readOnly() && m.target().startsWith(Planner.AGENT_CONFIG + "/")
                    ? io.paude.policy.Mount.readWrite(m.source(), m.target()) : m));
        }
    },
    SECRET_MASK_OFF("secret files in the workspace not masked", "secrets/SecretsGuard (read-only mounts over secret files)",
            Covers.threats("@threat-secret-files", "@threat-secret-bypass").core().gvisor(),
            List.of(Probe.of("secrets", "the Testing Plan's .env and secrets.txt cannot be read, an ordinary file can"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.mounts.removeIf(m -> m.readOnly() && m.target().startsWith(agent.workdir() + "/")));
        }
    },
    RECORDER_OFF("the command audit recorder off (setpriv drops to the agent's user, nothing records, for the agent and every exec)",
            "plan/Planner (PID 1) and session/SessionExec.exec (audit/Recorder)",
            Covers.threats("@threat-audit-evasion", "@threat-agent-loop").core().gvisor(),
            List.of(Probe.of("audit", "commands appear with timestamps, working directory, user and exit codes"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.command = exec(e.command));
        }

        @Override
        List<String> exec(List<String> command) {
            return unrecorded(command, null, true);
        }
    },
    AGENT_NOT_HELD("the agent's command starts at once, not held back until the proxy is ready (no --ready)",
            "plan/Planner (Recorder.Role.PID1_AFTER_PROXY) and images/agent/paude-recorder.c (await_ready)",
            Covers.threats("@threat-fail-open").core(),
            List.of(Probe.of("network-modes", "the agent's command starts only once the proxy accepts connections"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> {
                int i = e.command.indexOf("--ready");
                if (i >= 0 && i < e.command.indexOf("--")) {
                    e.command.subList(i, i + 2).clear();
                }
            });
        }
    },
    LIMITS_OFF("no CPU, memory, pids or open-file limits on the agent", "runtime/Argv.limits",
            Covers.threats("@threat-resource-exhaustion").core().gvisor(),
            List.of(Probe.of("resource-limits", "the limits asked for are what the engine reports and what the agent sees"))) {
        @Override
        List<String> argv(List<String> argv) {
            if (!agentContainer(argv)) {
                return argv;
            }
            List<String> a = argv;
            for (String flag : List.of("--cpus", "--memory", "--memory-swap", "--pids-limit")) {
                a = withoutOption(a, flag, null);
            }
            // podman cannot start a container without an explicit open-file limit (podman 4.3 with runc): there it stays
            return argv.get(0).endsWith("podman") ? a : withoutOption(a, "--ulimit", "nofile=");
        }
    },
    PROXY_LOG_CAP_OFF("the proxy writes its access log itself, uncapped (no log daemon, so no cache.log rotation either)",
            "proxy/SquidConfig (access_log daemon:, logfile_daemon) and proxy/LogDaemon",
            Covers.threats("@threat-host-disk"),
            List.of(Probe.of("host-disk", "a proxy flooded with long URLs keeps its logs within the cap, its first and newest decisions still audited"))) {
        @Override
        String squid(String conf) {
            return conf.replace("access_log daemon:", "access_log stdio:");
        }
    },
    ENGINE_LOG_CAP_OFF("the engine's default log driver and no cap on the agent's and the proxy's engine logs",
            "runtime/Argv.engineLog",
            Covers.threats("@threat-host-disk").core(),
            List.of(Probe.of("host-disk", "an agent flooding its output keeps the engine's log of it within the cap"))) {
        @Override
        List<String> argv(List<String> argv) {
            boolean create = argv.size() > 1 && argv.get(1).equals("create");
            return create ? withoutOption(withoutOption(argv, "--log-driver", null), "--log-opt", null) : argv;
        }
    },
    HOST_REACHABLE("the host reachable from the agent's network (the bridge's host end keeps its address)",
            "runtime/Argv.network (inhibit_ipv4) and ContainerEngine.isolateFromHost",
            Covers.threats("@threat-host-services").core().gvisor(),
            List.of(Probe.of("network-allowlist", "a service listening on the host cannot be reached from the agent"))) {
        @Override
        List<String> argv(List<String> argv) {
            return argv.size() > 2 && argv.get(1).equals("network") && argv.get(2).equals("create")
                    ? withoutOption(argv, "--opt", "com.docker.network.bridge.inhibit_ipv4=true") : argv;
        }

        @Override
        boolean isolateHost() {
            return false;
        }
    },
    // The weakenings of issue #20, item 4: one per threat-model row that had none (ThreatCoverageTest).
    MANAGER_ALLOWED("the proxy serves its manager pages to the agent ('http_access allow manager' in place of the deny)",
            "proxy/SquidConfig (http_access deny manager)", Covers.threats("@threat-proxy-manager"),
            List.of(Probe.of("network-allowlist", "squid's own manager pages are refused"))) {
        @Override
        String squid(String conf) {
            return conf.replace("http_access deny manager\n", "http_access allow manager\n");
        }
    },
    SCHEMES_OPEN("the proxy forwards any scheme (ftp://, gopher://), not only plain HTTP and CONNECT",
            "proxy/SquidConfig (http_access deny !CONNECT !plain_http)", Covers.threats("@threat-scheme"),
            List.of(Probe.of("adversarial-network", "only plain HTTP and CONNECT go through the proxy, not ftp"))) {
        @Override
        String squid(String conf) {
            return conf.replace("http_access deny !CONNECT !plain_http\n", "");
        }
    },
    RAW_IP_ALLOWED("the proxy lets IP-literal destinations through ('http_access allow raw_ip' in place of the deny)",
            "proxy/SquidConfig (http_access deny raw_ip)", Covers.threats("@threat-raw-ip"),
            List.of(Probe.of("network-allowlist", "a raw IP destination is refused, even the address of an allowlisted host"),
                    Probe.of("adversarial-network", "raw IP destinations are refused: http://169.254.169.254/latest/meta-data/"))) {
        @Override
        String squid(String conf) {
            return conf.replace("http_access deny raw_ip\n", "http_access allow raw_ip\n");
        }
    },
    ALLOWLIST_UNANCHORED("allowlist entries matched as unanchored patterns, not as exact names or .suffixes "
            + "(dstdom_regex in place of dstdomain)", "proxy/SquidConfig (acl allowlist dstdomain -n)",
            Covers.threats("@threat-lookalike"),
            List.of(Probe.of("adversarial-network",
                            "lookalike and userinfo tricks are judged by the real host: http://oauth2.googleapis.com.evil.com/"),
                    Probe.of("network-allowlist", "https://evilgoogleapis.com/ is refused by the proxy while an allowlisted host works"))) {
        @Override
        String squid(String conf) {
            return conf.replace("acl allowlist dstdomain -n ", "acl allowlist dstdom_regex -n ");
        }
    },
    IPV6_NETWORK("the session's network has IPv6 too (an fd00::/8 subnet): the agent gets an IPv6 address and route",
            "runtime/Argv.network (no --ipv6)", Covers.threats("@threat-ipv6").core().gvisor(),
            List.of(Probe.of("adversarial-network", "the agent has no IPv6 path out around the IPv4 rules"))) {
        @Override
        List<String> argv(List<String> argv) {
            if (!(argv.size() > 2 && argv.get(1).equals("network") && argv.get(2).equals("create"))) {
                return argv;
            }
            // after the IPv4 --subnet and --gateway, which podman pairs by their order; the network's name comes last
            List<String> a = new ArrayList<>(argv.subList(0, argv.size() - 1));
            a.addAll(List.of("--ipv6", "--subnet", String.format("fd%02x:%04x:%04x::/64", RANDOM.nextInt(256),
                    RANDOM.nextInt(65536), RANDOM.nextInt(65536))));
            a.add(argv.get(argv.size() - 1));
            return a;
        }
    },
    SESSIONS_SHARE_NETWORK("sessions share their networks: each started agent is joined to the network of every other running "
            + "session the weakened launcher started, and theirs to its own", "plan/Planner.network (one internal network per session)",
            Covers.threats("@threat-cross-session").core(),
            List.of(Probe.of("network-modes", "two concurrent sessions each have their own proxy and cannot reach each other"))) {
        @Override
        void agentStarted(ContainerEngine engine, String agent, List<String> others, Runnable applied) {
            String session = agent.replaceFirst("-agent$", "");
            for (String other : others) { // only sessions of this run: never another user's session on the same engine
                // both agents running, so their fixed addresses are taken and the engine gives the joined ones free ones
                boolean running = !other.equals(session)
                        && engine.state(other + "-agent").map(io.paude.runtime.ContainerState::running).orElse(false);
                if (running) {
                    for (String[] join : new String[][] {{other + "-net", agent}, {session + "-net", other + "-agent"}}) {
                        try {
                            engine.connect(join[0], join[1]);
                            applied.run();
                        } catch (RuntimeException joinedAlready) {
                            // the other session's start joined them
                        }
                    }
                }
            }
        }
    },
    TMPFS_UNSIZED("the agent's tmpfs (/tmp, the home) without a size: the engine's default, half the host's memory",
            "plan/Planner (Tmpfs sizes), runtime/Argv.tmpfs", Covers.threats("@threat-resource-exhaustion").core().gvisor(),
            List.of(Probe.of("resource-limits", "filling /tmp fails with ENOSPC at the configured size"))) {
        @Override
        List<String> argv(List<String> argv) {
            if (!agentContainer(argv)) {
                return argv;
            }
            List<String> a = new ArrayList<>(argv);
            for (int i = 1; i < a.size(); i++) {
                if (a.get(i - 1).equals("--tmpfs")) {
                    a.set(i, a.get(i).replaceAll(",size=[0-9]+[a-z]?", ""));
                }
            }
            return a;
        }
    },
    HOST_CLAUDE_MOUNTED("the host's ~/.claude mounted read-write for the agent in place of the session's private copy",
            "plugins/PluginGuard (SessionCopy, the copy's mount)", Covers.threats("@threat-persistence").core(),
            List.of(Probe.of("plugins", "the engine mounts the session's copy, never the host's configuration"),
                    Probe.of("plugins", "writing, deleting and adding files under the agent's configuration leaves the host's unchanged"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            Path host = AgentConfig.of(System.getenv(), Path.of(System.getenv("HOME"))).dir();
            return Specs.edit(agent, e -> e.mounts.replaceAll(m -> m.target().equals(AgentConfig.CONTAINER_DIR)
                    ? Mount.readWrite(host, m.target()) : m));
        }
    },
    PLUGIN_GATE_OFF("plugins, hooks, commands and MCP servers the user never approved start anyway, without a word",
            "plugins/PluginGuard (Measure.PLUGIN_TRUST_GATE)", Covers.threats("@threat-persistence"),
            List.of(Probe.of("plugins", "a plugin the user has not approved stops the start and says how to review and approve it"),
                    Probe.of("plugins", "a hook the agent plants in the project's configuration stops the next start"))) {
        @Override
        Measure hostMeasure() {
            return Measure.PLUGIN_TRUST_GATE;
        }
    },
    ENV_ALLOWLIST_WIDENED("the launcher's whole environment (tokens, SSH_AUTH_SOCK, ...) passed to the agent, not only the Vertex "
            + "variables", "credentials/VertexEnv.select (Measure.ENVIRONMENT_ALLOWLIST)",
            Covers.threats("@threat-credentials|Push", "@threat-allowed-domain-abuse"),
            List.of(Probe.of("credentials-cloud", "Vertex settings pass, secrets of the launcher's environment do not"),
                    Probe.of("credentials-gh", "gh reports not logged in although the user is logged in on the host"))) {
        @Override
        Measure hostMeasure() {
            return Measure.ENVIRONMENT_ALLOWLIST;
        }
    },
    ENGINE_SOCKET_MOUNTED("the engine's socket mounted into the agent", "runtime/Argv.container (no socket among the mounts)",
            Covers.threats("@threat-engine-socket").core().gvisor(),
            List.of(Probe.of("baseline", "the agent has no engine socket"))) {
        @Override
        List<String> argv(List<String> argv) {
            if (!agentContainer(argv)) {
                return argv;
            }
            String socket = argv.get(0).endsWith("podman") ? "/run/podman/podman.sock" : "/var/run/docker.sock";
            List<String> a = new ArrayList<>(argv.subList(0, 2));
            a.addAll(List.of("--mount", "type=bind,source=" + socket + ",target=" + socket));
            a.addAll(argv.subList(2, argv.size()));
            return a;
        }
    },
    TEARDOWN_SKIPPED("a session's containers and network are left behind when it ends (normally, by error or by a signal)",
            "session/Teardown.remove (Measure.SESSION_TEARDOWN)", Covers.threats("@threat-fail-open"),
            List.of(Probe.of("network-modes", "a run removes every container and network of its session"),
                    Probe.of("session-lifecycle", "SIGTERM to the launcher removes the whole session"))) {
        @Override
        Measure hostMeasure() {
            return Measure.SESSION_TEARDOWN;
        }
    },
    CONFIG_APPROVAL_OFF("a project paude.json is honoured without the user's approval of its content",
            "config/ConfigLoader.load (Measure.PROJECT_CONFIG_APPROVAL)", Covers.threats("@threat-config-tampering"),
            List.of(Probe.of("project-config", "a paude.json written by the agent stops the next start"))) {
        @Override
        Measure hostMeasure() {
            return Measure.PROJECT_CONFIG_APPROVAL;
        }
    },
    WORKSPACE_WARNINGS_OFF("no warning before the start when the workspace is not a git repository or has no remote",
            "credentials/WorkspaceGit.warnings (Measure.WORKSPACE_RECOVERY_WARNINGS)", Covers.threats("@threat-workspace"),
            List.of(Probe.of("workspace-protection", "a workspace that is not a git repository"),
                    Probe.of("workspace-protection", "a git repository without a remote"))) {
        @Override
        Measure hostMeasure() {
            return Measure.WORKSPACE_RECOVERY_WARNINGS;
        }
    },
    NO_GIT_BACKUP("no backup of the git history is taken on the host before the session",
            "githistory/GitHistoryGuard.beforeStart (Measure.GIT_BACKUP)", Covers.threats("@threat-history-loss"),
            List.of(Probe.of("git-history",
                            "after rm -rf .git inside the sandbox, paude git restore brings back every ref, tag and stash"),
                    Probe.of("git-history", "the backup holds every ref, tag and stash of the repository and passes git fsck"))) {
        @Override
        Measure hostMeasure() {
            return Measure.GIT_BACKUP;
        }
    },
    HISTORY_GIT_SETTINGS_DROPPED("git inside the sandbox without paude's keep-everything settings (no GIT_CONFIG_COUNT/KEY/VALUE: "
            + "reflogs expire and gc prunes as the agent configures)", "githistory/SandboxGitConfig.env (GitHistoryGuard)",
            Covers.threats("@threat-history-loss"),
            List.of(Probe.of("git-history", "the agent's \"git config gc.* now\" does not make git gc drop a reset-away commit"),
                    Probe.of("git-history", "the engine reports git's keep-everything settings in the agent's environment"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.env.keySet().removeIf(k -> k.equals("GIT_CONFIG_COUNT")
                    || k.startsWith("GIT_CONFIG_KEY_") || k.startsWith("GIT_CONFIG_VALUE_")));
        }
    },
    GIT_CHANGES_UNREPORTED("hooks and git configuration keys that run programs, changed during the session, are not reported",
            "githistory/GitHistoryGuard.afterAgent (Measure.GIT_CHANGES_REPORTED)", Covers.threats("@threat-delayed-execution"),
            List.of(Probe.of("git-history", "a new hook is reported with what changed"),
                    Probe.of("git-history", "core.fsmonitor is reported with what changed"))) {
        @Override
        Measure hostMeasure() {
            return Measure.GIT_CHANGES_REPORTED;
        }
    },
    TRACKED_SECRETS_ALLOWED("a masked secret file that git tracks does not refuse the start (readable through git's objects)",
            "secrets/SecretsGuard (Measure.TRACKED_SECRETS_REFUSED)", Covers.threats("@threat-secret-git"),
            List.of(Probe.of("secrets", "a tracked .env stops the start with an explanation"))) {
        @Override
        Measure hostMeasure() {
            return Measure.TRACKED_SECRETS_REFUSED;
        }
    },
    SECRETS_SCAN_IGNORED("the pre-flight secrets scan's findings do not stop the start (as if the scan were skipped)",
            "secrets/SecretsGuard.scan (Measure.SECRETS_SCAN)", Covers.threats("@threat-secret-scan"),
            List.of(Probe.of("secrets", "a finding stops the start with file and line; the masked .env does not"))) {
        @Override
        Measure hostMeasure() {
            return Measure.SECRETS_SCAN;
        }
    },
    SECRETS_AS_ENV("each --secret is also given to the agent as an environment variable (its name), not only as a file",
            "secrets/SecretsGuard (read-only files under /run/secrets, never -e)", Covers.threats("@threat-secret-env"),
            List.of(Probe.of("secrets", "--secret gives the value as /run/secrets/NAME and nowhere else"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.mounts.stream().filter(m -> m.target().startsWith("/run/secrets/")).forEach(m -> {
                try {
                    e.env.put(Path.of(m.target()).getFileName().toString(), Files.readString(m.source()).strip());
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            }));
        }
    },
    MASK_REPLACEMENT_UNSEEN("a masked file replaced on the host during the session (its mask detached) is not noticed",
            "secrets/MaskCheck.replaced (Measure.MASK_REPLACED_CHECK)", Covers.threats("@threat-secret-replaced"),
            List.of(Probe.of("secrets", "an editor's save of .env on the host during a session is named in a warning and in the audit"))) {
        @Override
        Measure hostMeasure() {
            return Measure.MASK_REPLACED_CHECK;
        }
    },
    LATE_SECRETS_UNREPORTED("secret-looking files created during the session are not named when it ends",
            "secrets/SecretsGuard.afterAgent (Measure.LATE_SECRETS_CHECK)", Covers.threats("@threat-secret-late-files"),
            List.of(Probe.of("secrets", "a secret file created during the session is not masked, and paude says so when it ends"))) {
        @Override
        Measure hostMeasure() {
            return Measure.LATE_SECRETS_CHECK;
        }
    },
    GITIGNORE_UNCHECKED("no warning when the repository's .gitignore lacks the common secret patterns",
            "secrets/SecretsGuard.scan (Measure.GITIGNORE_CHECK)", Covers.threats("@threat-secret-gitignore"),
            List.of(Probe.of("secrets", "starting in a git repository whose .gitignore lacks them warns"))) {
        @Override
        Measure hostMeasure() {
            return Measure.GITIGNORE_CHECK;
        }
    },
    AUDIT_ROTATION_OFF("each audit stream written to one file that grows without end (no rotation at --audit-max-size)",
            "audit/Recorder.rotation (the recorder's --log)", Covers.threats("@threat-audit-flooding"),
            List.of(Probe.of("audit", "the log rotates at its cap and keeps its start and the newest records"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.command = exec(e.command));
        }

        @Override
        List<String> exec(List<String> command) {
            int log = command.indexOf("--log");
            int end = command.indexOf("--");
            if (command.isEmpty() || !command.get(0).endsWith("/paude-recorder") || log < 0 || log > end) {
                return command;
            }
            String rotation = command.get(log + 1); // "exec split ... - DIR/STREAM."
            String prefix = rotation.substring(rotation.lastIndexOf(' ') + 1);
            List<String> a = new ArrayList<>(command);
            a.set(log + 1, "exec cat > " + prefix + "000000");
            return List.copyOf(a);
        }
    },
    AUDIT_LOG_EXPOSED("the audit log's directory not behind the root-only 0700 tmpfs: the agent reaches its own log",
            "plan/Planner (Tmpfs at Recorder.PARENT)", Covers.threats("@threat-audit-tampering").core(),
            List.of(Probe.of("audit", "the agent's attempts to read, write, truncate or delete the log fail and the log stays intact"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.tmpfs.removeIf(t -> t.path().equals(Recorder.PARENT)));
        }
    },
    HOST_GIT_UNQUARANTINED("host-side git runs in the workspace's repository under its own configuration, and a restored .git takes "
            + "the backed-up configuration, hooks and attributes", "hostgit/GitView.of, githistory/Restorer (RestoredConfig)",
            Covers.threats("@threat-host-git"),
            List.of(Probe.of("host-side", "core.fsmonitor planted by the agent runs at no host-side command of paude, and is reported"),
                    Probe.of("host-side", "a filter named in .gitattributes planted by the agent runs at no host-side command of paude, and is reported"))) {
        @Override
        Measure hostMeasure() {
            return Measure.HOST_GIT_QUARANTINE;
        }
    },
    WORKSPACE_BOUNDARY_OFF("a workspace that is or holds the home directory, paude's state or the installation is accepted",
            "boundary/BoundaryGuard", Covers.threats("@threat-host-state"),
            List.of(Probe.of("host-side", "a workspace that is your home directory is refused before anything starts"))) {
        @Override
        Measure hostMeasure() {
            return Measure.WORKSPACE_HOLDS_NO_HOST_STATE;
        }
    },
    SCANNER_CONFIG_OWN_OFF("the secrets scan takes the workspace's scanner configuration: gitleaks on the workspace with its own "
            + ".gitleaks.toml and .gitleaksignore, the built-in scan honouring the .gitleaksignore",
            "secrets/SecretScanner.ownConfiguration (Measure.SCANNER_CONFIG_OWN), secrets/Gitleaks",
            Covers.threats("@threat-scanner-config"),
            List.of(Probe.of("secrets",
                    "a planted .gitleaks.toml and .gitleaksignore that allowlist everything do not hide a token from the scan"))) {
        @Override
        Measure hostMeasure() {
            return Measure.SCANNER_CONFIG_OWN;
        }
    },
    SETTINGS_TRUST_GATE_OFF("workspace settings that run programs or change the agent's environment start without approval "
            + "(apiKeyHelper, env, ...; hooks stay gated)",
            "plugins/SettingsKeys.gated (Measure.SETTINGS_TRUST_GATE)",
            Covers.threats("@threat-settings-keys"),
            List.of(Probe.of("plugins",
                    "apiKeyHelper planted by the agent in the project's .claude/settings.json stops the next start until approved"))) {
        @Override
        Measure hostMeasure() {
            return Measure.SETTINGS_TRUST_GATE;
        }
    },
    TERMINAL_ESCAPES_OFF("text from the workspace and the agent printed raw: the escape sequences in argv, URLs, file and "
            + "plugin names reach the user's terminal", "SafeText (Measure.TERMINAL_ESCAPES), behind cli/Main's output channels",
            Covers.threats("@threat-terminal-injection"),
            List.of(Probe.of("terminal", "argv and a working directory holding terminal escape sequences are printed escaped"),
                    Probe.of("terminal",
                            "a carriage return in the paude.json the agent wrote cannot hide a line from the user who approves it"))) {
        @Override
        Measure hostMeasure() {
            return Measure.TERMINAL_ESCAPES;
        }
    },
    MODEL_CREDENTIALS_INSIDE("the host's model credential (ANTHROPIC_API_KEY, CLAUDE_CODE_OAUTH_TOKEN) passed into the agent's "
            + "environment besides the gateway's placeholder", "credentials/CredentialsGuard (Measure.MODEL_CREDENTIALS_OUTSIDE)",
            Covers.threats("@threat-model-credential"),
            List.of(Probe.of("model-gateway", "Claude Code works with an Anthropic API key, and nothing in the sandbox holds the credential"))) {
        @Override
        Measure hostMeasure() {
            return Measure.MODEL_CREDENTIALS_OUTSIDE;
        }
    };

    private static final java.util.Random RANDOM = new java.util.Random();

    /** Options of {@code create}/{@code run} that take no value. */
    private static final Set<String> SINGLE_FLAGS = Set.of("--read-only", "--interactive", "--tty", "--rm", "--detach", "--internal",
            "--disable-dns");

    private final String description;
    private final String measure;
    private final List<Probe> probes;
    private final Covers covers;

    Weakening(String description, String measure, List<Probe> probes) {
        this(description, measure, Covers.NONE, probes);
    }

    Weakening(String description, String measure, Covers covers, List<Probe> probes) {
        this.description = description;
        this.measure = measure;
        this.covers = covers;
        this.probes = List.copyOf(probes);
    }

    /** The rows of docs/threat-model.md whose mitigation this removes (see {@link Covers}). */
    public List<String> threats() {
        return covers.threats();
    }

    /** Whether CI runs it on Podman as well (the core set: it acts where the engines differ). */
    public boolean core() {
        return covers.inCore();
    }

    /** Whether CI runs it again with the agent under gVisor (the gVisor set: it acts where gVisor's kernel takes over). */
    public boolean gvisor() {
        return covers.underGvisor();
    }

    public String description() {
        return description;
    }

    /** Where the measure lives in the launcher. */
    public String measure() {
        return measure;
    }

    /** The scenarios expected to catch it, in the order they are run. */
    public List<Probe> probes() {
        return probes;
    }

    /**
     * The agent's container as the engine is asked to create it; {@code egressNetwork} waits, when asked, until the
     * launcher has joined the proxy to it (which it does while the agent's container is created).
     */
    ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
        return agent;
    }

    /** A whole engine command line, executable first. */
    List<String> argv(List<String> argv) {
        return argv;
    }

    /** The command {@code paude exec} runs in the agent (the recorder's command line around the user's). */
    List<String> exec(List<String> command) {
        return command;
    }

    /** The proxy's squid.conf. */
    String squid(String conf) {
        return conf;
    }

    /**
     * Called once the engine has started the agent's container of a detached session ({@code paude start});
     * {@code others} are the sessions the weakened launcher created during this scenario, {@code applied} says that
     * something changed. Nothing by default.
     */
    void agentStarted(ContainerEngine engine, String agent, List<String> others, Runnable applied) {
    }

    /** Whether the engine's host isolation of the agent's network is kept. */
    boolean isolateHost() {
        return true;
    }

    /** The host-side measure switched off in the launcher (io.paude.Measure), or null for a weakening at the engine seam. */
    Measure hostMeasure() {
        return null;
    }

    /**
     * The recorder's command line turned into setpriv's: the same command, dropped to the recorder's --uid/--gid
     * (or to {@code ids} for both), with or without emptying the bounding and inheritable sets, and recorded by
     * nothing; still held back until the proxy is ready when the recorder would have been ({@code --ready}). Other
     * commands are returned as they are.
     */
    static List<String> unrecorded(List<String> command, String ids, boolean dropBoundingSet) {
        int end = command.indexOf("--");
        if (command.isEmpty() || !command.get(0).endsWith("/paude-recorder") || end < 0) {
            return command;
        }
        String u = ids != null ? ids : command.get(command.indexOf("--uid") + 1);
        String g = ids != null ? ids : command.get(command.indexOf("--gid") + 1);
        List<String> a = new ArrayList<>(List.of("setpriv", "--reuid=" + u, "--regid=" + g, "--clear-groups"));
        if (dropBoundingSet) {
            a.addAll(List.of("--bounding-set=-all", "--inh-caps=-all"));
        }
        a.add("--");
        a.addAll(command.subList(end + 1, command.size()));
        int ready = command.subList(0, end).indexOf("--ready");
        if (ready >= 0) { // the agent's command still waits for the proxy, as the recorder would make it
            List<String> waiting = new ArrayList<>(List.of("sh", "-c", "until [ -e \"$0\" ]; do sleep 0.01; done; exec \"$@\"",
                    command.get(ready + 1)));
            waiting.addAll(a);
            return List.copyOf(waiting);
        }
        return List.copyOf(a);
    }

    /** {@code create} or {@code run} of the agent's container. */
    static boolean agentContainer(List<String> argv) {
        return argv.size() > 1 && (argv.get(1).equals("create") || argv.get(1).equals("run"))
                && argv.contains(Labels.ROLE + "=agent");
    }

    /**
     * The command line without {@code flag value} among the options before the image; {@code valuePrefix} null
     * removes the flag whatever its value.
     */
    static List<String> withoutOption(List<String> argv, String flag, String valuePrefix) {
        int i = 1;
        while (i < argv.size() && !argv.get(i).startsWith("--")) {
            i++; // the executable's subcommand: "create", "network create", ...
        }
        List<String> a = new ArrayList<>(argv.subList(0, i));
        while (i < argv.size() && argv.get(i).startsWith("--")) {
            String option = argv.get(i);
            boolean single = SINGLE_FLAGS.contains(option) || option.contains("=");
            if (single) {
                a.add(option);
                i++;
                continue;
            }
            String value = i + 1 < argv.size() ? argv.get(i + 1) : "";
            if (!(option.equals(flag) && (valuePrefix == null || value.startsWith(valuePrefix)))) {
                a.add(option);
                a.add(value);
            }
            i += 2;
        }
        a.addAll(argv.subList(Math.min(i, argv.size()), argv.size()));
        return a;
    }
}
