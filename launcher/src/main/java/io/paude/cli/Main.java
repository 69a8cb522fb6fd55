package io.paude.cli;

import io.paude.runtime.ContainerEngine;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/** Entry point: one command line, one error handler, one exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return commandLine(UnaryOperator.identity());
    }

    /**
     * The command line with every engine the commands use passed through {@code engines} first. Test-only seam: the
     * acceptance suite's mutation pass (step-defs {@code io.paude.steps.mutation}) starts deliberately weakened
     * sandboxes through it, to prove each hardening measure is checked. {@link #main} always passes the identity;
     * no option, environment variable or configuration key reaches it, so the shipped CLI cannot weaken a sandbox.
     */
    public static CommandLine commandLine(UnaryOperator<ContainerEngine> engines) {
        CommandLine cl = new CommandLine(new PaudeCommand(engines));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // picocli's own help command is final: its examples are set here, like every other command's in its footer
        cl.getSubcommands().get("help").getCommandSpec().usageMessage().footer("", "Examples:",
                "  # the help of a command",
                "  paude help run",
                "",
                "  # the help of a command that has subcommands",
                "  paude help git");
        return cl;
    }
}
