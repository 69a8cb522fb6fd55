package io.paude.cli;

import io.paude.Checkout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * The pages of docs/commands/, rendered from the real command model ({@link Main#commandLine()}): one page per
 * command and subcommand holding its {@code --help} text verbatim, and an index. {@link CommandDocsTest} fails when
 * a page on disk differs, so the docs cannot drift from {@code --help}.
 */
final class CommandDocs {
    /** The command that rewrites every page; named in each page and in every failure. */
    static final String REGENERATE = "mvn -o -q -pl launcher test -Dtest=CommandDocsTest -Dpaude.docs.write=true";
    static final String INDEX = "README.md";

    private CommandDocs() {
    }

    /** Every command and subcommand once (aliases such as {@code ls} are the same command), parents first. */
    static List<CommandLine> commands() {
        Set<CommandLine> all = new LinkedHashSet<>();
        collect(Main.commandLine(), all);
        return List.copyOf(all);
    }

    private static void collect(CommandLine cl, Set<CommandLine> into) {
        if (into.add(cl)) {
            for (CommandLine sub : cl.getSubcommands().values()) {
                collect(sub, into);
            }
        }
    }

    /** {@code paude images build} for the command {@code build} under {@code images}. */
    static String name(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName(" ");
    }

    static String fileName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName("-") + ".md";
    }

    /** Exactly what {@code --help} prints when no terminal is attached. */
    static String usage(CommandLine cl) {
        return cl.getUsageMessage(Ansi.OFF);
    }

    /** File name to content, the index last. */
    static Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("# paude commands\n\n")
                .append(generatedNote("`paude COMMAND --help` of every command"))
                .append("\n| command | what it does |\n|---|---|\n");
        for (CommandLine cl : commands()) {
            String usage = usage(cl);
            pages.put(fileName(cl), "# " + name(cl) + "\n\n" + generatedNote("`" + name(cl) + " --help`")
                    + "\n```text\n" + usage + (usage.endsWith("\n") ? "" : "\n") + "```\n");
            index.append("| [").append(name(cl)).append("](").append(fileName(cl)).append(") | ")
                    .append(summary(cl).replace("|", "\\|")).append(" |\n");
        }
        pages.put(INDEX, index.toString());
        return pages;
    }

    private static String generatedNote(String source) {
        return "Generated from " + source + " by the launcher's unit test `CommandDocsTest`; do not edit.\n"
                + "Regenerate every page with `" + REGENERATE + "`.\n";
    }

    /** What the parent's command list shows: the header if there is one, else the description's first line. */
    private static String summary(CommandLine cl) {
        var usage = cl.getCommandSpec().usageMessage();
        String[] text = usage.header().length > 0 ? usage.header() : usage.description();
        return text.length == 0 ? "" : text[0].replace("%n", " ").strip();
    }

    /** The repository's docs/commands/, found from the working directory (surefire runs in launcher/). */
    static Path directory() {
        return Checkout.root().resolve("docs/commands");
    }

    /** The paude-*.md pages on disk that no command renders any more. */
    static List<String> stale(Path dir, Set<String> rendered) throws java.io.IOException {
        List<String> stale = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("paude") && n.endsWith(".md"))
                        .filter(n -> !rendered.contains(n)).sorted().forEach(stale::add);
            }
        }
        return stale;
    }
}
