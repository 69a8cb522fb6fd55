package io.paude.cli;

import io.paude.SafeText;
import io.paude.runtime.ContainerEngine;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** Entry point: one command line, one error handler, one exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(UnaryOperator.identity(), args).execute(args));
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
        PaudeCommand.COMMANDS.forEach(cl::addSubcommand); // picocli makes each with its factory
        cl.addSubcommand(new HelpCommand());
        configure(cl);
        // picocli's own help command is final: its examples are set here, like every other command's in its footer
        cl.getSubcommands().get("help").getCommandSpec().usageMessage().footer("", "Examples:",
                "  # the help of a command",
                "  paude help run",
                "",
                "  # the help of a command that has subcommands",
                "  paude help git");
        return cl;
    }

    /**
     * The command line for {@code args}: when they start with a command's name, the root with that command alone
     * (what it parses, runs and prints is the same: {@code MainTest}); otherwise the whole tree.
     */
    static CommandLine commandLine(UnaryOperator<ContainerEngine> engines, String[] args) {
        Optional<Class<?>> named = args.length == 0 ? Optional.empty()
                : PaudeCommand.COMMANDS.stream().filter(c -> names(c).contains(args[0])).findFirst();
        if (named.isEmpty()) {
            return commandLine(engines);
        }
        CommandLine cl = new CommandLine(new PaudeCommand(engines));
        cl.addSubcommand(named.get());
        return configure(cl);
    }

    /**
     * Settings for the root and every command already added to it (picocli passes them down at the call). Both
     * output channels escape every control character but the line break and the tab ({@link SafeText#terminal}):
     * paude prints file names, argv, URLs and plugin names the agent chose, and this is the one place all of it
     * passes, the error handler's messages included. So picocli's help is plain text: its colours would be escaped.
     */
    private static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setOut(SafeText.terminal(cl.getOut()));
        cl.setErr(SafeText.terminal(cl.getErr()));
        return cl;
    }

    /** A command's name and aliases. */
    private static List<String> names(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        return Stream.concat(Stream.of(c.name()), Arrays.stream(c.aliases())).toList();
    }

    /** For tests: every command's names and aliases, in the order of the help. */
    static List<String> commandNames() {
        return PaudeCommand.COMMANDS.stream().flatMap(c -> names(c).stream()).toList();
    }
}
