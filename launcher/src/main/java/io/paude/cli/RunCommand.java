package io.paude.cli;

import io.paude.settings.Settings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a sandbox, run the agent (or -- CMD) in it, and remove the sandbox when it exits.",
            "With -- CMD the command runs non-interactively; paude streams its output and exits with its exit code."},
        footer = {"", "Examples:",
            "  # Claude Code on the current directory, interactive",
            "  paude run",
            "",
            "  # the same, Claude Code started with its own flags (here: accept file edits without asking)",
            "  paude run --claude-arg=--permission-mode --claude-arg=acceptEdits",
            "",
            "  # one command, non-interactively; paude exits with its exit code",
            "  paude run --agent shell -- git status",
            "",
            "  # another project, npm allowed, more memory, $NPM_TOKEN as /run/secrets/NPM_TOKEN",
            "  paude run --workspace ~/project --allow-domain npm --memory 8g --secret NPM_TOKEN", ExitCodes.SESSION_HELP})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Mixin
    SandboxOptions sandbox;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "Command to run instead of the agent (after --).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        return run(sandbox, engineOption, command, spec.commandLine().getErr());
    }

    /** A session as {@code paude run} starts it (also {@code paude demo}'s): the agent, or {@code command}, in the sandbox. */
    static int run(SandboxOptions sandbox, EngineOption engineOption, List<String> command, PrintWriter err) {
        Settings settings = sandbox.settings(command);
        Warnings.beforeStart(settings.policy(), err);
        var engine = engineOption.engine(settings.engine());
        err.flush();
        return Services.sessions(engine, err).run(SandboxOptions.launch(settings, command.isEmpty()));
    }
}
