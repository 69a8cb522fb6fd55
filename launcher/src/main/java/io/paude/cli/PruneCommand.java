package io.paude.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove what crashed launchers left behind: containers and networks of sessions whose launcher is gone.",
        footer = {"", "Examples:",
            "  # what a killed launcher left behind",
            "  paude prune",
            "",
            "  # every session, also those started with 'paude start', on Podman",
            "  paude prune --all --engine podman"})
public final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Option(names = "--all", description = "Remove every paude session, including running ones started with 'paude start'.")
    boolean all;

    @Override
    public Integer call() {
        var removed = Services.sessions(engineOption.engine(null), spec.commandLine().getErr()).prune(all);
        removed.forEach(s -> spec.commandLine().getOut().println("removed " + s));
        if (removed.isEmpty()) {
            spec.commandLine().getOut().println("nothing to remove");
        }
        return ExitCodes.OK;
    }
}
