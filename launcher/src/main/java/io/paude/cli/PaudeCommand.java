package io.paude.cli;

import io.paude.Version;
import io.paude.runtime.ContainerEngine;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: declaration only. */
@Command(name = "paude",
        mixinStandardHelpOptions = true,
        versionProvider = PaudeCommand.VersionProvider.class,
        description = {
            "Runs an AI coding agent (Claude Code by default) in a hardened container sandbox whose only way out is "
                    + "a proxy that allows a list of domains.",
            ""},
        footer = {"",
            "Examples:",
            "  # try it on a small demo project (made in ~/paude-demo)",
            "  paude demo",
            "",
            "  # Claude Code on the current directory",
            "  paude run",
            "",
            "  # check the engine, the images, the configuration and the limits",
            "  paude doctor",
            "",
            "  # what the last session ran that failed, and what the proxy denied it",
            "  paude audit --failed",
            "",
            "Help on a command: paude help COMMAND, or paude COMMAND --help.",
            "",
            "Exit codes: run, demo and exec exit with the command's own code; otherwise",
            "  0 ok, 1 a doctor check failed, 2 invalid input, 70 internal error,",
            "  77 refused by a guard (secrets found, a plugin or paude.json not approved, a workspace",
            "  that holds the host's state, limits the engine cannot enforce), 125 the sandbox could not",
            "  be set up (whatever was created is removed)."})
public final class PaudeCommand {
    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean stacktrace;

    /**
     * The subcommands, in the order of the help, added by {@link Main}: all of them, or only the one a command line
     * names (picocli builds the model of every command it is given, which costs a start more than the engine's
     * version check does). picocli's {@code help} command comes after them.
     */
    static final List<Class<?>> COMMANDS = List.of(
            RunCommand.class, DemoCommand.class, StartCommand.class, ExecCommand.class, StopCommand.class, ListCommand.class,
            PruneCommand.class, DoctorCommand.class, VerifyCommand.class, ImagesCommand.class, ConfigCommand.class,
            PluginsCommand.class, GitCommand.class, AuditCommand.class, SecretsCommand.class, CompletionCommand.class);

    /** What every command's engine passes through: the identity, except in the test-only seam of {@link Main}. */
    final UnaryOperator<ContainerEngine> engines;

    PaudeCommand(UnaryOperator<ContainerEngine> engines) {
        this.engines = engines;
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"paude " + Version.get()};
        }
    }
}
