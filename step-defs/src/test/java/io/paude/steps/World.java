package io.paude.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.paude.plan.Labels;
import io.paude.steps.support.AgentProbes;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Engine;
import io.paude.steps.support.Paude;
import io.paude.steps.support.TestInternet;
import io.paude.steps.support.Timeline;
import io.paude.steps.support.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one scenario, injected into every step class by picocontainer: the user's home, the workspace,
 * the sessions started, and the last results. Steps stay thin and talk in the domain through this object.
 */
public class World {
    public static final String CA_FILE = ".test-ca.pem";

    public final Path home;
    public final Workspace workspace = new Workspace();
    public final Paude paude;
    public final List<String> sessions = new ArrayList<>();
    public String session;
    /** The last {@code paude start} of {@link #startSandbox}. */
    public Cmd.Result started;
    /** The last launcher invocation. */
    public Cmd.Result launched;
    /** The last command run inside an agent. */
    public Cmd.Result agent;
    public List<String> containersBefore = List.of();
    public io.paude.steps.support.HostService hostService;
    /** An egress network without name resolution (Podman), when the scenario made one. */
    public io.paude.steps.support.NamelessNetwork namelessNetwork;
    private final Map<String, ContainerEvidence> evidence = new HashMap<>();

    public World() {
        try {
            home = Files.createTempDirectory("paude-home-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        paude = new Paude(home);
    }

    public TestInternet internet() {
        return TestInternet.get();
    }

    /** The scripted model of the test internet (the fixture Claude Code talks to). */
    public io.paude.steps.support.ScriptedModel model() {
        return internet().model();
    }

    /** Writes {@code content} to a file of the user's HOME (this scenario's), creating its directories. */
    public Path homeFile(String relative, String content) {
        try {
            Path p = home.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a sandbox ({@code paude start}) with the test internet as its egress, and makes it current. */
    public String startSandbox(String... extraArgs) {
        TestInternet net = internet();
        workspace.write(CA_FILE, net.caPem());
        List<String> args = new ArrayList<>(List.of("start", "--agent", "shell", "--workspace", workspace.dir().toString(),
                "--egress-network", net.networkName(), "--allow-private-destinations", net.subnet()));
        args.addAll(List.of(extraArgs));
        Cmd.Result r = paude.run(args);
        launched = r;
        started = r;
        if (r.exit() != 0) {
            throw new AssertionError("paude start failed:\n" + r);
        }
        session = r.out().strip();
        sessions.add(session);
        return session;
    }

    /** Runs a shell command in the current sandbox's agent through {@code paude exec}. */
    public Cmd.Result inAgent(String shell) {
        return inAgent(session, shell);
    }

    public Cmd.Result inAgent(String sessionName, String shell) {
        agent = paude.run(List.of("exec", sessionName, "--", "sh", "-c", shell));
        return agent;
    }

    /** curl from the agent, with the fixture CA, printing the status on the last line. */
    public Cmd.Result fetch(String sessionName, String url, String... curlArgs) {
        String extra = String.join(" ", curlArgs);
        return inAgent(sessionName, "curl -sS -m 15 --cacert " + workspace.dir().resolve(CA_FILE) + " " + extra
                + " -w '\\nstatus=%{http_code}\\n' '" + url + "'");
    }

    /** The named probes ({@link AgentProbes}) in the current session's agent. */
    public AgentProbes fromAgent() {
        return fromAgent(session);
    }

    /** The named probes in {@code sessionName}'s agent. */
    public AgentProbes fromAgent(String sessionName) {
        return new AgentProbes(shell -> inAgent(sessionName, shell));
    }

    /** The agent container of the current session. */
    public String agentName() {
        return agentOf(session);
    }

    /** The proxy container of the current session. */
    public String proxyName() {
        return proxyOf(session);
    }

    public static String agentOf(String sessionName) {
        return sessionName + "-agent";
    }

    public static String proxyOf(String sessionName) {
        return sessionName + "-proxy";
    }

    /** The session whose agent container is among {@code containers} (as the engine lists them), failing without one. */
    public static String sessionWithAgentAmong(List<String> containers) {
        return containers.stream().filter(c -> c.endsWith(agentOf(""))).findFirst()
                .map(c -> c.substring(0, c.length() - agentOf("").length()))
                .orElseThrow(() -> new AssertionError("no agent container among " + containers));
    }

    /**
     * What the engine reports of the current session's agent: read once per scenario, then this snapshot. For its
     * state after something happened, {@link #refreshedAgent()}.
     */
    public ContainerEvidence agentEvidence() {
        return evidenceOf(agentName());
    }

    /** What the engine reports of the current session's proxy (a snapshot, as {@link #agentEvidence()}). */
    public ContainerEvidence proxyEvidence() {
        return evidenceOf(proxyName());
    }

    /** A snapshot of any container of this scenario, read on first use. */
    public ContainerEvidence evidenceOf(String container) {
        return evidence.computeIfAbsent(container, ContainerEvidence::read);
    }

    /** The current session's agent read anew (its state now), which also becomes the snapshot. */
    public ContainerEvidence refreshedAgent() {
        ContainerEvidence now = ContainerEvidence.read(agentName());
        evidence.put(now.name(), now);
        return now;
    }

    /**
     * The environment of the agent container's PID 1. With the audit recorder PID 1 is root, so the agent itself
     * gets "Permission denied" (checked here) and the evidence is read through the engine, as root.
     */
    public String initEnviron() {
        Cmd.Result r = inAgent("cat /proc/1/environ");
        if (r.exit() == 0) {
            return r.out();
        }
        org.assertj.core.api.Assertions.assertThat(r.both()).as("why the agent cannot read PID 1's environment")
                .contains("Permission denied");
        return Engine.ok("exec", "--user", "0", agentName(), "cat", "/proc/1/environ");
    }

    /**
     * {@code paude run} of a shell on this scenario's workspace, its egress through the fixture internet: then
     * {@code flags}, then {@code command} after "--" (none: the agent's own command).
     */
    public List<String> runArgs(List<String> flags, List<String> command) {
        List<String> a = new ArrayList<>(List.of("run", "--agent", "shell", "--workspace", workspace.dir().toString(),
                "--egress-network", internet().networkName()));
        if (!flags.contains("--allow-network")) { // no proxy in research mode, so no destination rule to open
            a.addAll(List.of("--allow-private-destinations", internet().subnet()));
        }
        a.addAll(flags);
        if (!command.isEmpty()) {
            a.add("--");
            a.addAll(command);
        }
        return a;
    }

    public Cmd.Result runPaude(List<String> args) {
        launched = paude.run(args);
        return launched;
    }

    /**
     * What paude has created for this scenario: containers and networks labelled with this scenario's workspace,
     * and session directories under this scenario's HOME. Other runs on the same engine do not show up here.
     */
    public List<String> paudeContainers() {
        List<String> all = new ArrayList<>();
        for (String ws : List.of(workspace.dir().toString(), "/nonexistent/project")) {
            all.addAll(Engine.containersLabelled("paude.workspace=" + ws));
            all.addAll(Engine.networksLabelled("paude.workspace=" + ws));
        }
        java.io.File[] dirs = paude.stateDir().resolve("sessions").toFile().listFiles();
        for (java.io.File d : dirs == null ? new java.io.File[0] : dirs) {
            all.add("session-dir:" + d.getName());
        }
        return all;
    }

    /** The one session this scenario's HOME holds (a run's, whose name the run did not print). */
    public String onlySession() {
        try (java.util.stream.Stream<Path> s = Files.list(paude.stateDir().resolve("sessions"))) {
            List<String> all = s.map(p -> p.getFileName().toString()).sorted().toList();
            org.assertj.core.api.Assertions.assertThat(all).as("the sessions of this scenario").hasSize(1);
            return all.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A session's timeline as {@code paude audit SESSION --json [extra]} prints it ({@link Timeline}). */
    public List<JsonNode> auditEvents(String sessionName, String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", sessionName, "--json"));
        args.addAll(List.of(extra));
        Cmd.Result r = runPaude(args);
        org.assertj.core.api.Assertions.assertThat(r.exit()).as("%s", r).isZero();
        return Timeline.events(r.out());
    }

    /** The programs the audit recorded in a session. */
    public List<JsonNode> auditExecs(String sessionName) {
        return Timeline.execs(auditEvents(sessionName));
    }

    /** The allowlist the current session's record holds: what its proxy allows. */
    public List<String> sessionAllowlist() {
        try {
            List<String> hosts = new ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(sessionDir(session).resolve("session.json").toFile())
                    .get("allowlist").forEach(n -> hosts.add(n.asText()));
            return hosts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path sessionDir(String name) {
        return paude.stateDir().resolve("sessions").resolve(name);
    }

    public void cleanUp() {
        if (hostService != null) {
            hostService.close();
        }
        if (namelessNetwork != null) {
            namelessNetwork.close();
        }
        // One paude stop for the sessions the engine still holds something of; one that ended with its scenario (its
        // run returned, or the scenario stopped it) costs two engine listings here instead of a launcher's start.
        List<String> left = sessions.stream().distinct().filter(s -> !Engine.containersLabelled(Labels.SESSION + "=" + s).isEmpty()
                || !Engine.networksLabelled(Labels.SESSION + "=" + s).isEmpty()).toList();
        if (!left.isEmpty()) {
            List<String> stop = new ArrayList<>(List.of("stop"));
            stop.addAll(left);
            paude.run(stop);
        }
        workspace.delete();
        io.paude.steps.support.Cmd.run(List.of("rm", "-rf", home.toString()), Map.of(), java.time.Duration.ofSeconds(60));
    }
}
