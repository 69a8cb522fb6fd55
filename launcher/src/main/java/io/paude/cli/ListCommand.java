package io.paude.cli;

import io.paude.SafeJson;
import io.paude.SafeText;
import io.paude.session.SessionInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, aliases = "ls",
        description = {"List sessions with the state of their agent and proxy.",
            "With --json, one JSON object: {\"sessions\": [{\"session\": NAME, \"mode\": MODE, \"agent\": STATE,",
            "\"proxy\": STATE, \"workspace\": DIR}, ...]}; a state is the engine's (running, exited (0), ...),",
            "\"-\" when the session has no such container."},
        footer = {"", "Examples:",
            "  # sessions on the default engine: name, mode, agent, proxy, workspace",
            "  paude list",
            "",
            "  # sessions on Podman",
            "  paude ls --engine podman",
            "",
            "  # the names of the sessions, for a script",
            "  paude list --json | jq -r '.sessions[].session'"})
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Option(names = "--json", description = "Print the sessions as JSON (session, mode, agent, proxy, workspace).")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<SessionInfo> sessions = Services.sessions(engineOption.engine(null), spec.commandLine().getErr()).list();
        if (json) {
            out.println(SafeJson.pretty(Map.of("sessions", sessions.stream().map(ListCommand::fields).toList())));
            return ExitCodes.OK;
        }
        out.printf("%-16s %-9s %-22s %-22s %s%n", "SESSION", "MODE", "AGENT", "PROXY", "WORKSPACE");
        for (SessionInfo s : sessions) {
            out.printf("%-16s %-9s %-22s %-22s %s%n", s.name(), s.mode(), s.agent(), s.proxy(), SafeText.of(s.workspace()));
        }
        return ExitCodes.OK;
    }

    /** The stable fields of a session in {@code --json}, in this order. */
    static Map<String, Object> fields(SessionInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", s.name());
        m.put("mode", s.mode());
        m.put("agent", s.agent());
        m.put("proxy", s.proxy());
        m.put("workspace", s.workspace());
        return m;
    }
}
