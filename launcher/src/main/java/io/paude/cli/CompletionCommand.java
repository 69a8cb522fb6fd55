package io.paude.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code paude completion}: picocli's completion script for every command and option, generated from the live model. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the bash and zsh completion script of paude on stdout.",
            "It completes commands, subcommands, options and the values of --agent and --engine for the command 'paude', "
                    + "so put the launcher on your PATH under that name first. Regenerate the script after upgrading paude."},
        footer = {"", "Examples:",
            "  # bash or zsh, this shell only",
            "  source <(paude completion)",
            "",
            "  # bash with the bash-completion package, every new shell",
            "  mkdir -p ~/.local/share/bash-completion/completions",
            "  paude completion > ~/.local/share/bash-completion/completions/paude",
            "",
            "  # zsh (or bash without bash-completion), every new shell",
            "  paude completion > ~/.paude-completion",
            "  echo 'source ~/.paude-completion' >> ~/.zshrc"})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        // every command, not only those of the command line that ran this one (Main builds the named command alone)
        out.print(AutoComplete.bash("paude", Main.commandLine()));
        out.flush();
        return ExitCodes.OK;
    }
}
