package io.paude.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command in a session started with 'paude start'; exits with the command's code.",
        footer = {"", "Examples:",
            "  # run the tests in a session; paude exits with their exit code",
            "  paude exec paude-1a2b3c4d -- npm test",
            "",
            "  # an interactive shell in it (from a terminal)",
            "  paude exec paude-1a2b3c4d -- bash",
            "",
            "  # a session started on Podman",
            "  paude exec --engine podman paude-1a2b3c4d -- git log --oneline"})
public final class ExecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Parameters(index = "0", paramLabel = "SESSION", description = "Session name, as printed by 'paude start'.")
    String session;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command (after --).")
    List<String> command;

    @Override
    public Integer call() {
        boolean tty = System.console() != null;
        return Services.sessions(engineOption.engine(null), spec.commandLine().getErr()).exec(session, command, true, tty);
    }
}
