package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {
    private static List<String> command(String... args) {
        DemoCommand demo = new DemoCommand();
        CommandLine cl = new CommandLine(demo);
        cl.parseArgs(args);
        return DemoCommand.command(demo.positionals, cl.getParseResult().originalArgs());
    }

    @Test
    void theCommandIsWhatFollowsTheDashesAndADirectoryBeforeThemIsNot() {
        assertThat(command()).isEmpty();
        assertThat(command("/tmp/d")).isEmpty();
        assertThat(command("--", "git", "log")).containsExactly("git", "log");
        assertThat(command("/tmp/d", "--agent", "shell", "--", "sh", "-c", "git commit -- x")).containsExactly("sh", "-c", "git commit -- x");
        assertThat(command("/tmp/d", "--", "--", "x")).containsExactly("--", "x");
    }
}
