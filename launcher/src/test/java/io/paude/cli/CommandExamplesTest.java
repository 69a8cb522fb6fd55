package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every command's {@code --help} ends with an "Examples:" section of 2 to 4 examples, each a {@code # comment} line
 * followed by shell lines; every {@code paude} invocation in them must parse against the real command model and
 * name that command (or one of its subcommands), so an example cannot use an option that does not exist.
 */
class CommandExamplesTest {

    @TestFactory
    Stream<DynamicTest> everyCommandHasTwoToFourExamplesThatParse() {
        return CommandDocs.commands().stream().map(cl -> DynamicTest.dynamicTest(CommandDocs.name(cl), () -> check(cl.getCommandSpec())));
    }

    @Test
    void aMissingSectionAnUnknownOptionOrAnExampleOfAnotherCommandFails() {
        assertThatThrownBy(() -> check(withFooter("stop", "Usage notes only.")))
                .hasMessageContaining("'paude stop --help' has 0 examples");
        assertThatThrownBy(() -> check(withFooter("run", "", "Examples:", "  # one", "  paude run", "  # two", "  paude run --allow-everything")))
                .hasMessageContaining("'paude run --allow-everything' does not parse").hasMessageContaining("--allow-everything");
        assertThatThrownBy(() -> check(withFooter("stop", "", "Examples:", "  # one", "  paude stop a", "  # two", "  paude list")))
                .hasMessageContaining("example 'two' of 'paude stop' runs only [paude list]");
        assertThatThrownBy(() -> check(withFooter("stop", "", "Examples:", "  paude stop a", "  # two", "  paude stop b")))
                .hasMessageContaining("without a '# comment'");
        check(withFooter("stop", "", "Examples:", "  # one", "  paude stop a", "", "  # two", "  s=x && paude stop \"$s\"", "After."));
    }

    private static CommandSpec withFooter(String command, String... footer) {
        CommandSpec spec = Main.commandLine().getSubcommands().get(command).getCommandSpec();
        spec.usageMessage().footer(footer);
        return spec;
    }

    /** The "Examples:" section of {@code spec}'s help: 2 to 4 examples, each running {@code spec}, every invocation valid. */
    private static void check(CommandSpec spec) {
        String name = spec.qualifiedName();
        List<Example> examples = Example.of(spec);
        assertThat(examples).withFailMessage("'%s --help' has %d examples in its footer's \"Examples:\" section; it "
                + "needs 2 to 4, each a '  # what it does' line and the command lines", name, examples.size())
                .hasSizeBetween(2, 4);
        for (Example e : examples) {
            // a workflow (start, exec, stop) may run other commands too, but each example runs its own
            List<String> invoked = e.invocations().stream().map(CommandExamplesTest::invoked).toList();
            assertThat(invoked).withFailMessage("example '%s' of '%s' runs only %s", e.comment(), name, invoked)
                    .anyMatch(i -> (i + " ").startsWith(name + " "));
        }
    }

    @Test
    void invocationsAreFoundInsideShellConstructs() {
        assertThat(Example.invocations("s=$(paude start --agent shell)")).containsExactly(List.of("start", "--agent", "shell"));
        assertThat(Example.invocations("paude exec \"$s\" -- git status && paude stop \"$s\""))
                .containsExactly(List.of("exec", "$s", "--", "git", "status"), List.of("stop", "$s"));
        assertThat(Example.invocations("source <(paude completion)")).containsExactly(List.of("completion"));
        assertThat(Example.invocations("paude secrets scan --sarif > secrets.sarif")).containsExactly(List.of("secrets", "scan", "--sarif"));
        assertThat(Example.invocations("echo 'source ~/.paude-completion' >> ~/.zshrc")).isEmpty();
    }

    /** The qualified name of the command that {@code args} select, after they parsed with the real command line. */
    private static String invoked(List<String> args) {
        ParseResult parsed;
        try {
            parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("example 'paude " + String.join(" ", args) + "' does not parse: " + e.getMessage(), e);
        }
        while (parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().qualifiedName();
    }

    /** One example of a help footer: its {@code # comment} and the shell lines under it. */
    record Example(String comment, List<String> lines) {
        static List<Example> of(CommandSpec spec) {
            List<String> footer = Arrays.stream(spec.usageMessage().footer()).flatMap(f -> f.lines()).toList();
            List<Example> examples = new ArrayList<>();
            int start = footer.indexOf("Examples:");
            if (start < 0) {
                return examples;
            }
            String comment = null;
            List<String> lines = new ArrayList<>();
            for (String line : footer.subList(start + 1, footer.size())) {
                if (!line.isBlank() && !line.startsWith("  ")) {
                    break;
                }
                if (line.startsWith("  #")) {
                    if (comment != null) {
                        examples.add(new Example(comment, lines));
                    }
                    comment = line.substring(3).strip();
                    lines = new ArrayList<>();
                } else if (!line.isBlank()) {
                    if (comment == null) {
                        throw new AssertionError("'" + spec.qualifiedName() + "' has an example without a '# comment' above it: " + line);
                    }
                    lines.add(line.strip());
                }
            }
            if (comment != null) {
                examples.add(new Example(comment, lines));
            }
            return examples;
        }

        List<List<String>> invocations() {
            return lines.stream().flatMap(l -> invocations(l).stream()).toList();
        }

        /**
         * The arguments of each {@code paude} command in a shell line: at its start, after {@code $(}, {@code <(},
         * {@code &&}, {@code ||}, {@code |} or {@code ;}, up to the end of that command; quotes removed.
         */
        static List<List<String>> invocations(String line) {
            List<List<String>> calls = new ArrayList<>();
            List<String> words = null;
            StringBuilder word = null;
            char quote = 0;
            boolean commandStart = true;
            for (int i = 0; i <= line.length(); i++) {
                char c = i < line.length() ? line.charAt(i) : ' ';
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                    continue;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                    word = word == null ? new StringBuilder() : word;
                } else if (Character.isWhitespace(c) || "()&|;<>".indexOf(c) >= 0) {
                    if (word != null) {
                        String w = word.toString();
                        word = null;
                        if (words != null) {
                            words.add(w);
                        } else if (commandStart && w.equals("paude")) {
                            words = new ArrayList<>();
                        }
                        // an assignment (NAME=value, s=$) may precede a command
                        commandStart = commandStart && w.matches("[A-Za-z_][A-Za-z0-9_]*=.*");
                    }
                    if ("()&|;<>".indexOf(c) >= 0) {
                        if (words != null) {
                            calls.add(List.copyOf(words));
                            words = null;
                        }
                        // a new command starts after $( <( && || | ; but not after a redirection
                        commandStart = c != '>' && c != ')' && !(c == '<' && i + 1 < line.length() && line.charAt(i + 1) != '(');
                    }
                } else {
                    word = word == null ? new StringBuilder() : word;
                    word.append(c);
                }
            }
            if (words != null) {
                calls.add(List.copyOf(words));
            }
            return calls;
        }
    }
}
