package io.paude.steps.mutation;

import io.paude.Measure;
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
 * order and stops at the first that fails.
 * <p>
 * Test code only: reached through {@link WeakenedMain}, never from the shipped launcher.
 */
public enum Weakening {
    NO_PROXY("no proxy: the agent on the egress network directly, without proxy settings or the dead resolver",
            "plan/Planner (internal network, proxy address, resolv.conf)",
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
            List.of(Probe.of("dns", "the agent's own lookups of an outside name fail inside the sandbox and reach no resolver"),
                    Probe.of("network-allowlist", "without the proxy an outside name cannot even be resolved"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.mounts.removeIf(m -> m.target().equals("/etc/resolv.conf")));
        }
    },
    ALLOWLIST_ALL("the proxy allows every host (allowlist 'all')", "proxy/SquidConfig (http_access allow allowlist)",
            List.of(Probe.of("network-allowlist", "http://evil.com/steal?data=x is refused by the proxy while an allowlisted host works"))) {
        @Override
        String squid(String conf) {
            return conf.replace("http_access allow allowlist\n", "http_access allow all\n");
        }
    },
    WIDE_DEFAULT_ALLOWLIST("the former wide default allowlist back (.google.com, .gstatic.com, accounts.google.com, "
            + "oauth2.googleapis.com): Apps Script web apps and Forms of anyone's reachable without a flag",
            "policy/Allowlist.defaults (Measure.NARROW_DEFAULT_ALLOWLIST)",
            List.of(Probe.of("exfiltration-google", "a POST to an Apps Script web app is refused by the default allowlist, and nothing reaches the host"),
                    Probe.of("exfiltration-google", "a Google Form response is refused by the default allowlist, and nothing reaches the host"))) {
        @Override
        Measure hostMeasure() {
            return Measure.NARROW_DEFAULT_ALLOWLIST;
        }
    },
    PRIVATE_ADDRESSES_ALLOWED("allowlisted names may resolve to loopback, link-local (cloud metadata), the host's bridge or any private "
            + "address", "proxy/SquidConfig (http_access deny allowlist never_dst, ... private_dst)",
            List.of(Probe.of("dns", "allowlisted names answered with the metadata address, loopback or the host's bridge are refused, "
                    + "the fixture's subnet is not"))) {
        @Override
        String squid(String conf) {
            return conf.replaceAll("http_access deny allowlist (never_dst|!private_opened private_dst|private_dst)\n", "");
        }
    },
    PORTS_OPEN("the proxy tunnels and forwards to any port", "proxy/SquidConfig (Safe_ports, SSL_ports)",
            List.of(Probe.of("network-allowlist", "an allowlisted host on a port other than 443 cannot be tunnelled to"))) {
        @Override
        String squid(String conf) {
            return conf.replace("http_access deny !Safe_ports\n", "").replace("http_access deny CONNECT !SSL_ports\n", "");
        }
    },
    CAPABILITIES_KEPT("the engine's default capabilities kept (no --cap-drop ALL)", "runtime/Argv.container",
            List.of(Probe.of("baseline", "the agent has no capabilities at all, not even in its bounding set"))) {
        @Override
        List<String> argv(List<String> argv) {
            return agentContainer(argv) ? withoutOption(argv, "--cap-drop", "ALL") : argv;
        }
    },
    BOUNDING_SET_KEPT("the agent keeps the container's bounding set (dropped to its user by setpriv, bounding set kept)",
            "images/agent/paude-recorder.c (drop_to), audit/Recorder.wrap",
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
    NO_NEW_PRIVILEGES_OFF("no-new-privileges off", "runtime/Argv.container",
            List.of(Probe.of("baseline", "the agent cannot gain privileges"))) {
        @Override
        List<String> argv(List<String> argv) {
            return agentContainer(argv) ? withoutOption(argv, "--security-opt", "no-new-privileges") : argv;
        }
    },
    SECCOMP_DEFAULT("the engine's default seccomp profile instead of paude's", "plan/SeccompProfile, runtime/Argv.container",
            List.of(Probe.of("baseline", "the seccomp profile refuses io_uring with EPERM while ordinary calls work"),
                    Probe.of("baseline", "paude's seccomp profile is what the engine applied, and the agent runs under it"))) {
        @Override
        List<String> argv(List<String> argv) {
            return agentContainer(argv) ? withoutOption(argv, "--security-opt", "seccomp=") : argv;
        }
    },
    AGENT_ROOT("the agent runs as root (uid 0, still without capabilities; setpriv in place of the recorder, which refuses uid 0)",
            "plan/Planner and audit/Recorder (--uid), images/agent/paude-recorder.c",
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
            List.of(Probe.of("package-controls", "the root file system is read-only and only /tmp and the home are writable"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.readOnlyRoot = false);
        }
    },
    CREDENTIALS_WRITABLE("the gcloud and git configuration mounts writable", "credentials/CredentialsGuard",
            List.of(Probe.of("credentials-cloud", "reading works; creating, changing and deleting fail as a read-only file system"),
                    Probe.of("credentials-cloud", "the engine mounts the gcloud directory read-only, as a directory"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.mounts.replaceAll(m -> m.readOnly() && m.target().startsWith(Planner.AGENT_CONFIG + "/")
                    ? io.paude.policy.Mount.readWrite(m.source(), m.target()) : m));
        }
    },
    SECRET_MASK_OFF("secret files in the workspace not masked", "secrets/SecretsGuard (read-only mounts over secret files)",
            List.of(Probe.of("secrets", "the Testing Plan's .env and secrets.txt cannot be read, an ordinary file can"))) {
        @Override
        ContainerSpec agent(ContainerSpec agent, Supplier<String> egressNetwork) {
            return Specs.edit(agent, e -> e.mounts.removeIf(m -> m.readOnly() && m.target().startsWith(agent.workdir() + "/")));
        }
    },
    RECORDER_OFF("the command audit recorder off (setpriv drops to the agent's user, nothing records, for the agent and every exec)",
            "plan/Planner (PID 1) and session/SessionService.exec (audit/Recorder)",
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
            // podman cannot start a container without an explicit open-file limit (FIELD-NOTES): there it stays
            return argv.get(0).endsWith("podman") ? a : withoutOption(a, "--ulimit", "nofile=");
        }
    },
    PROXY_LOG_CAP_OFF("the proxy writes its access log itself, uncapped (no log daemon, so no cache.log rotation either)",
            "proxy/SquidConfig (access_log daemon:, logfile_daemon) and proxy/LogDaemon",
            List.of(Probe.of("host-disk", "a proxy flooded with long URLs keeps its logs within the cap, its newest decision still audited"))) {
        @Override
        String squid(String conf) {
            return conf.replace("access_log daemon:", "access_log stdio:");
        }
    },
    ENGINE_LOG_CAP_OFF("the engine's default log driver and no cap on the agent's and the proxy's engine logs",
            "runtime/Argv.engineLog",
            List.of(Probe.of("host-disk", "an agent flooding its output keeps the engine's log of it within the cap"))) {
        @Override
        List<String> argv(List<String> argv) {
            boolean create = argv.size() > 1 && argv.get(1).equals("create");
            return create ? withoutOption(withoutOption(argv, "--log-driver", null), "--log-opt", null) : argv;
        }
    },
    HOST_REACHABLE("the host reachable from the agent's network (the bridge's host end keeps its address)",
            "runtime/Argv.network (inhibit_ipv4) and ContainerEngine.isolateFromHost",
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
    HOST_GIT_UNQUARANTINED("host-side git runs in the workspace's repository under its own configuration, and a restored .git takes "
            + "the backed-up configuration, hooks and attributes", "hostgit/GitView.of, githistory/Restorer (RestoredConfig)",
            List.of(Probe.of("host-side", "core.fsmonitor planted by the agent runs at no host-side command of paude, and is reported"),
                    Probe.of("host-side", "a filter named in .gitattributes planted by the agent runs at no host-side command of paude, and is reported"))) {
        @Override
        Measure hostMeasure() {
            return Measure.HOST_GIT_QUARANTINE;
        }
    },
    WORKSPACE_BOUNDARY_OFF("a workspace that is or holds the home directory, paude's state or the installation is accepted",
            "boundary/BoundaryGuard", List.of(Probe.of("host-side", "a workspace that is your home directory is refused before anything starts"))) {
        @Override
        Measure hostMeasure() {
            return Measure.WORKSPACE_HOLDS_NO_HOST_STATE;
        }
    },
    SCANNER_CONFIG_OWN_OFF("the secrets scan takes the workspace's scanner configuration: gitleaks on the workspace with its own "
            + ".gitleaks.toml and .gitleaksignore, the built-in scan honouring the .gitleaksignore",
            "secrets/SecretScanner.ownConfiguration (Measure.SCANNER_CONFIG_OWN), secrets/Gitleaks",
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
            List.of(Probe.of("plugins",
                    "apiKeyHelper planted by the agent in the project's .claude/settings.json stops the next start until approved"))) {
        @Override
        Measure hostMeasure() {
            return Measure.SETTINGS_TRUST_GATE;
        }
    },
    TERMINAL_ESCAPES_OFF("text from the workspace and the agent printed raw: the escape sequences in argv, URLs, file and "
            + "plugin names reach the user's terminal", "SafeText (Measure.TERMINAL_ESCAPES), behind cli/Main's output channels",
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
            List.of(Probe.of("model-gateway", "Claude Code works with an Anthropic API key, and nothing in the sandbox holds the credential"))) {
        @Override
        Measure hostMeasure() {
            return Measure.MODEL_CREDENTIALS_OUTSIDE;
        }
    };

    /** Options of {@code create}/{@code run} that take no value. */
    private static final Set<String> SINGLE_FLAGS = Set.of("--read-only", "--interactive", "--tty", "--rm", "--detach", "--internal",
            "--disable-dns");

    private final String description;
    private final String measure;
    private final List<Probe> probes;

    Weakening(String description, String measure, List<Probe> probes) {
        this.description = description;
        this.measure = measure;
        this.probes = List.copyOf(probes);
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
