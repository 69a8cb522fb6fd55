package io.paude.cli;

import io.paude.policy.PolicyException;
import io.paude.settings.Settings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start a sandbox that stays up for longer work; prints the session name. "
                + "Use 'paude exec SESSION -- CMD' to run commands and 'paude stop SESSION' to remove it.",
        footer = {"", "Examples:",
            "  # start a sandbox, run commands in it, remove it",
            "  s=$(paude start --agent shell)",
            "  paude exec \"$s\" -- git status",
            "  paude stop \"$s\"",
            "",
            "  # a sandbox for another project on Podman, the PyPI registry allowed",
            "  paude start --engine podman --workspace ~/project --allow-domain pypi",
            "",
            "  # behind a company network: the proxy resolves through its DNS server",
            "  paude start --proxy-dns 10.0.0.53", ExitCodes.SESSION_HELP})
public final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Mixin
    SandboxOptions sandbox;

    @Override
    public Integer call() {
        if (!sandbox.claudeArgs.isEmpty()) {
            throw new PolicyException("--claude-arg is for 'paude run': a started sandbox runs no agent "
                    + "until you exec one", "pass the arguments to the agent you run: paude exec SESSION -- claude ARGS");
        }
        Settings settings = sandbox.settings(List.of());
        var err = spec.commandLine().getErr();
        Warnings.beforeStart(settings.policy(), err);
        String session = Services.sessions(engineOption.engine(settings.engine()), err)
                .start(SandboxOptions.launch(settings, false));
        spec.commandLine().getOut().println(session);
        return ExitCodes.OK;
    }
}
