package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CompletionCommandTest {
    @Test
    void printsACompletionScriptForEveryCommandAndTheValuesOfAgentAndEngine() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).execute("completion");
        String script = out.toString();
        assertThat(code).isZero();
        assertThat(script).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_paude -o default paude")
                .contains("bashcompinit"); // the same script serves zsh
        String top = String.join(" ", Main.commandLine().getSubcommands().keySet());
        assertThat(top).contains("run", "ls", "completion", "help");
        assertThat(script).contains("local commands=\"" + top + "\"")
                .contains("local commands=\"backups restore\"")
                .contains("(\"claude\" \"shell\") # --agent values")
                .contains("(\"podman\" \"docker\") # --engine values");
    }
}
