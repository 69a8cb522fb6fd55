package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@link Main#main} builds only the command its arguments name: that command line must behave as the whole one. */
class MainTest {
    @Test
    void theCommandsAreTheWholeTreeLessPicocliHelp() {
        List<String> tree = new ArrayList<>(Main.commandLine().getSubcommands().keySet());
        assertThat(tree).containsExactlyElementsOf(concat(Main.commandNames(), "help"));
    }

    @Test
    void aNamedCommandAloneHasTheSameHelpAsInTheWholeTree() {
        for (String name : Main.commandNames()) {
            CommandLine alone = Main.commandLine(UnaryOperator.identity(), new String[] {name, "--help"});
            assertThat(alone.getSubcommands()).containsKey(name);
            assertThat(alone.getSubcommands().values()).as(name).hasSameSizeAs(
                    alone.getSubcommands().values().stream().filter(c -> c == alone.getSubcommands().get(name)).toList());
            assertThat(alone.getSubcommands().get(name).getUsageMessage())
                    .isEqualTo(Main.commandLine().getSubcommands().get(name).getUsageMessage());
        }
    }

    @Test
    void aNamedCommandAloneParsesAndFailsAsInTheWholeTree() {
        String[][] lines = {
            {"run", "--agent", "shell", "--workspace", "/tmp", "--", "true"},
            {"run", "--no-such-option"},
            {"audit", "--failed"},
            {"git", "backups", "--help"},
            {"stop"},
            {"ls", "--engine", "docker"},
        };
        for (String[] args : lines) {
            assertThat(outcome(Main.commandLine(UnaryOperator.identity(), args), args))
                    .as(String.join(" ", args)).isEqualTo(outcome(Main.commandLine(), args));
        }
    }

    @Test
    void whatANamedCommandAlonePrintsIsWhatItPrintsInTheWholeTree() {
        for (String[] args : new String[][] {{"completion"}, {"run", "--help"}, {"git", "--help"}, {"config", "trust", "--help"}}) {
            assertThat(printed(Main.commandLine(UnaryOperator.identity(), args), args)).as(String.join(" ", args))
                    .isEqualTo(printed(Main.commandLine(), args)).isNotBlank();
        }
    }

    @Test
    void anythingElseGetsTheWholeTree() {
        for (String[] args : new String[][] {{}, {"help", "run"}, {"--version"}, {"rnu"}}) {
            assertThat(Main.commandLine(UnaryOperator.identity(), args).getSubcommands().keySet())
                    .isEqualTo(Main.commandLine().getSubcommands().keySet());
        }
    }

    @Test
    void theSettingsReachTheNamedCommand() {
        CommandLine alone = Main.commandLine(UnaryOperator.identity(), new String[] {"run"}).getSubcommands().get("run");
        assertThat(alone.isCaseInsensitiveEnumValuesAllowed()).isTrue();
        assertThat(alone.getExecutionExceptionHandler()).isInstanceOf(ErrorHandler.class);
    }

    @Test
    void bothChannelsEscapeWhatTheAgentControlsTheErrorHandlersMessagesToo() {
        java.io.PrintStream stdout = System.out;
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine(UnaryOperator.identity(), new String[] {"audit"});
            cl.getOut().println("argv: \u001b]52;c;ZXZpbA==\u0007 \u009b2K\r");
            int code = cl.execute("audit", "x\u001b]0;pwned\u0007");
            assertThat(code).isEqualTo(ExitCodes.USAGE);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        String error = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(printed).isEqualTo("argv: \\x1b]52;c;ZXZpbA==\\x07 \\u009b2K\\r\n");
        assertThat(error).contains("paude: no session 'x\\x1b]0;pwned\\x07'").doesNotContain("\u001b", "\u0007");
    }

    /** What a parse of {@code args} gives: the commands and options matched, or the error message. */
    private static String outcome(CommandLine cl, String[] args) {
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        try {
            StringBuilder s = new StringBuilder();
            for (CommandLine.ParseResult r = cl.parseArgs(args); r != null; r = r.subcommand()) {
                s.append(r.commandSpec().qualifiedName()).append(':');
                r.matchedOptions().forEach(o -> s.append(' ').append(o.longestName()).append('=').append((Object) o.getValue()));
                r.matchedPositionals().forEach(p -> s.append(' ').append((Object) p.getValue()));
                s.append('\n');
            }
            return s.toString();
        } catch (CommandLine.ParameterException e) {
            return "error: " + e.getMessage();
        }
    }

    /** What running {@code args} prints, with its exit code. */
    private static String printed(CommandLine cl, String[] args) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute(args);
        return code + "\n" + out;
    }

    private static List<String> concat(List<String> names, String last) {
        List<String> all = new ArrayList<>(names);
        all.add(last);
        return all;
    }
}
