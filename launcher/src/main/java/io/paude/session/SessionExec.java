package io.paude.session;

import io.paude.audit.Recorder;
import io.paude.gateway.GatewayKeeper;
import io.paude.gateway.GoogleAdc;
import io.paude.packages.RegistryHints;
import io.paude.plan.Labels;
import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import io.paude.policy.ModelGateway;
import io.paude.proxy.AccessLog;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import io.paude.runtime.EngineException;
import io.paude.secrets.MaskCheck;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * {@code paude exec}: a command in a running session's agent, recorded by a recorder of its own that drops to the
 * agent's user exactly as the main one does; under gVisor with a {@link SandboxWatch} on the agent's container.
 */
record SessionExec(ContainerEngine engine, StatePaths paths, PrintWriter err, RandomGenerator random) {
    private static final DateTimeFormatter STREAM_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    int exec(String session, List<String> command, boolean stdin, boolean tty) {
        String agent = session + "-agent";
        Optional<ContainerState> state = engine.state(agent);
        if (state.isEmpty() || !state.get().running()) {
            throw new EngineException("session " + session + " has no running agent"
                    + state.map(st -> " (it " + st.describe() + "; its first process is the audit recorder, and the "
                            + "session stops when the recorder does)").orElse(""), "list sessions with 'paude list'");
        }
        Map<String, String> labels = engine.containerLabels(agent);
        String user = labels.get(Labels.AGENT_USER);
        String max = labels.get(Labels.AUDIT_MAX);
        if (user == null || max == null || !user.matches("\\d+:\\d+")) {
            throw new EngineException("session " + session + " was started without the audit recorder",
                    "stop it ('paude stop " + session + "') and start a new one");
        }
        String[] ids = user.split(":");
        AuditSettings defaults = AuditSettings.defaults();
        AuditSettings audit = new AuditSettings(Long.parseLong(max), defaults.keepSessions(), defaults.maxAgeDays());
        // Each exec is recorded in a stream of its own, by a recorder that drops to the agent's user exactly as the
        // main one does: the command never runs as root and never outside the recorder.
        String stream = "exec-" + STREAM_TIME.format(Instant.now()) + "-" + HexFormat.of().toHexDigits((short) random.nextInt());
        AgentRuntime runtime = AgentRuntime.parse(labels.getOrDefault(Labels.RUNTIME, AgentRuntime.DEFAULT.id()));
        List<String> recorded = Recorder.wrap(stream, Integer.parseInt(ids[0]), Integer.parseInt(ids[1]), audit, command,
                Recorder.Role.EXEC, runtime);
        if (!engine.containers(Map.of(Labels.SESSION, session, Labels.ROLE, "proxy")).isEmpty()) {
            engine.state(session + "-proxy").filter(p -> !p.running()).ifPresent(p -> {
                err.println("paude: warning: the proxy of session " + session + " " + p.describe()
                        + "; the agent is offline (fail closed). Stop the session and start a new one.");
                err.flush();
            });
        }
        String workspace = labels.get(Labels.WORKSPACE);
        if (workspace != null) { // a secret file replaced on the host has lost its mask: say so before the command runs
            MaskCheck.check(session, paths.session(session), Path.of(workspace), err);
        }
        AccessLog.Mark logMark = AccessLog.mark(paths.session(session));
        int code;
        Optional<ContainerState> sandboxEnded;
        try (GatewayKeeper keeper = execGateway(session, labels);
                SandboxWatch watch = SandboxWatch.start(engine, agent, runtime == AgentRuntime.GVISOR)) {
            code = engine.exec(agent, recorded, stdin, tty, labels.get(Labels.WORKSPACE), "0:0");
            sandboxEnded = watch.ended(code);
        }
        if (sandboxEnded != null) {
            return OomReport.sandboxEnded(session, sandboxEnded, err);
        }
        OomReport.afterExec(engine, agent, code, paths.session(session), err);
        RegistryHints.report(AccessLog.since(paths.session(session), logMark), err);
        return code;
    }

    /**
     * For a session whose gateway's credential expires (Vertex AI): a fresh access token before the command, renewed
     * while it runs. A fixed credential was delivered at start and stays; a session without a gateway needs nothing.
     */
    private GatewayKeeper execGateway(String session, Map<String, String> agentLabels) {
        if (!ModelGateway.Provider.VERTEX.id().equals(agentLabels.get(Labels.MODEL_GATEWAY))) {
            return GatewayKeeper.none();
        }
        return GatewayKeeper.start(engine, session + "-proxy", GoogleAdc.load(System.getenv(), paths.home()), err);
    }
}
