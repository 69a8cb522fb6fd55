package io.paude.cli;

import io.paude.SafeText;
import io.paude.session.SessionInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, aliases = "ls", description = "List sessions with the state of their agent and proxy.",
        footer = {"", "Examples:",
            "  # sessions on the default engine: name, mode, agent, proxy, workspace",
            "  paude list",
            "",
            "  # sessions on Podman",
            "  paude ls --engine podman"})
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf("%-16s %-9s %-22s %-22s %s%n", "SESSION", "MODE", "AGENT", "PROXY", "WORKSPACE");
        for (SessionInfo s : Services.sessions(engineOption.engine(null), spec.commandLine().getErr()).list()) {
            out.printf("%-16s %-9s %-22s %-22s %s%n", s.name(), s.mode(), s.agent(), s.proxy(), SafeText.of(s.workspace()));
        }
        return ExitCodes.OK;
    }
}
