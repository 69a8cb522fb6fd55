package io.paude.cli;

import picocli.CommandLine;

/** Entry point: one command line, one error handler, one exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PaudeCommand());
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
