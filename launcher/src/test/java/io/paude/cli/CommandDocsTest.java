package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * docs/commands/ holds every command's {@code --help} verbatim. With {@code -Dpaude.docs.write=true} this test
 * rewrites the pages instead of comparing them (see {@link CommandDocs#REGENERATE}).
 */
class CommandDocsTest {
    private static final boolean WRITE = Boolean.getBoolean("paude.docs.write");
    private static final Path DIR = CommandDocs.directory();
    private static final Map<String, String> PAGES = CommandDocs.pages();

    @TestFactory
    Stream<DynamicTest> everyPageMatchesTheHelpOfItsCommand() {
        return PAGES.entrySet().stream().map(page -> DynamicTest.dynamicTest(page.getKey(), () -> {
            Path file = DIR.resolve(page.getKey());
            if (WRITE) {
                Files.createDirectories(DIR);
                Files.writeString(file, page.getValue());
            }
            assertThat(Files.isRegularFile(file))
                    .withFailMessage("docs/commands/%s is missing; generate it with: %s", page.getKey(), CommandDocs.REGENERATE)
                    .isTrue();
            assertThat(Files.readString(file))
                    .withFailMessage("docs/commands/%s is not what the commands' --help renders now; regenerate it with: %s",
                            page.getKey(), CommandDocs.REGENERATE)
                    .isEqualTo(page.getValue());
        }));
    }

    @Test
    void noPageIsLeftForACommandThatIsGone() throws IOException {
        List<String> stale = CommandDocs.stale(DIR, PAGES.keySet());
        if (WRITE) {
            for (String name : stale) {
                Files.delete(DIR.resolve(name));
            }
            stale = CommandDocs.stale(DIR, PAGES.keySet());
        }
        assertThat(stale).withFailMessage("docs/commands/ has pages of no command: %s; remove them with: %s", stale,
                CommandDocs.REGENERATE).isEmpty();
    }

    @Test
    void everyCommandAndSubcommandHasAPageAndTheIndexLinksIt() {
        assertThat(CommandDocs.commands()).extracting(CommandDocs::name)
                .contains("paude", "paude run", "paude images build", "paude git restore", "paude completion", "paude help");
        String index = PAGES.get(CommandDocs.INDEX);
        for (var cl : CommandDocs.commands()) {
            assertThat(PAGES).containsKey(CommandDocs.fileName(cl));
            assertThat(index).contains("](" + CommandDocs.fileName(cl) + ")");
        }
    }

    @Test
    void aPageIsTheHelpVerbatimAndDependsOnNothingOfThisMachine() {
        var run = CommandDocs.commands().stream().filter(c -> CommandDocs.name(c).equals("paude run")).findFirst().orElseThrow();
        String page = PAGES.get("paude-run.md");
        assertThat(page).startsWith("# paude run\n").contains("Generated from `paude run --help`")
                .contains("```text\n" + CommandDocs.usage(run));
        java.io.StringWriter help = new java.io.StringWriter();
        int code = Main.commandLine().setOut(new java.io.PrintWriter(help)).execute("run", "--help");
        assertThat(code).isZero();
        assertThat(help.toString()).isEqualTo(CommandDocs.usage(run));
        for (String content : PAGES.values()) {
            assertThat(content).doesNotContain(System.getProperty("user.home") + "/").doesNotContain("\u001B[");
        }
    }
}
