package io.paude.cli;

import io.paude.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true, subcommands = ConfigCommand.Trust.class,
        description = {"Project configuration: approve a workspace's paude.json.",
            "Flags override the workspace's paude.json, which overrides $${XDG_CONFIG_HOME:-~/.config}/paude/config.json."},
        footer = {"", "Examples:",
            "  # show the current directory's paude.json and approve it",
            "  paude config trust",
            "",
            "  # the same for another project",
            "  paude config trust --workspace ~/project"})
public final class ConfigCommand {

    @Command(name = "trust", mixinStandardHelpOptions = true,
            description = {"Print the workspace's paude.json and approve it as it is now.",
                "paude.json lives in the workspace, which the agent can write, so paude honours it only when its exact "
                        + "content was approved. Exit 2 when there is no paude.json."},
            footer = {"", "Examples:",
                "  # show the current directory's paude.json and approve it",
                "  paude config trust",
                "",
                "  # the same for another project",
                "  paude config trust --workspace ~/project"})
    static final class Trust implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--workspace", paramLabel = "DIR", description = "Project directory. Default: the current directory.")
        Path workspace;

        @Override
        public Integer call() throws Exception {
            Path ws = (workspace != null ? workspace : Path.of("")).toAbsolutePath().normalize();
            Path file = ws.resolve(ConfigLoader.PROJECT_FILE);
            ConfigLoader loader = new ConfigLoader(Services.paths());
            Optional<ConfigLoader.ProjectFile> project = loader.project(ws); // read once: what is shown is what is approved
            if (project.isEmpty()) {
                spec.commandLine().getErr().println("paude: no " + file + "\n  fix: create it first");
                return ExitCodes.USAGE;
            }
            spec.commandLine().getOut().println(project.get().text().strip());
            loader.trust(ws, project.get());
            spec.commandLine().getOut().println("paude: trusted " + file + " as shown above");
            return ExitCodes.OK;
        }
    }
}
