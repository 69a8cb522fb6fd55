package io.paude.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = {"Stop sessions and remove all their containers and networks.",
            "Exit 2 if a name is not a session (the others are still stopped)."},
        footer = {"", "Examples:",
            "  # the session that 'paude start' printed",
            "  paude stop paude-1a2b3c4d",
            "",
            "  # several at once, on Podman",
            "  paude stop --engine podman paude-1a2b3c4d paude-5e6f7a8b"})
public final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Parameters(arity = "1..*", paramLabel = "SESSION", description = "Session names, as 'paude start' and 'paude list' print them.")
    List<String> sessions;

    @Override
    public Integer call() {
        var service = Services.sessions(engineOption.engine(null), spec.commandLine().getErr());
        int code = ExitCodes.OK;
        for (String s : sessions) {
            if (service.stop(s)) {
                spec.commandLine().getOut().println("stopped " + s);
            } else {
                spec.commandLine().getErr().println("paude: no session named " + s + "\n  fix: see 'paude list'");
                code = ExitCodes.USAGE;
            }
        }
        return code;
    }
}
