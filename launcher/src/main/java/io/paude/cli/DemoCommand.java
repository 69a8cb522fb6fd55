package io.paude.cli;

import io.paude.credentials.CredentialsGuard;
import io.paude.demo.DemoProject;
import io.paude.policy.PolicyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "paude demo [OPTIONS] [DIR] [-- CMD [ARG...]]",
        description = {"Try paude on a small demo project: makes it in DIR (default ~/paude-demo) unless it is there, then "
                + "starts a session in it as 'paude run --workspace DIR' would.",
            "The project is a git repository with one commit: a README, sum.js with a bug, test.js that shows it (node "
                + "test.js), and a .gitignore of secret files. The agent can edit it and commit there. A later 'paude demo' "
                + "reuses it as the agent left it. A DIR that holds anything paude did not make is refused, never written. "
                + "When paude runs as root, the demo belongs to uid 1000, the user the agent then runs as.",
            "The agent is Claude Code when a model credential is configured, else a shell, with the way to give one "
                + "(--agent chooses). Takes the options of 'paude run'; -- CMD runs a command instead, as with run."},
        footer = {"", "Examples:",
            "  # the demo in ~/paude-demo, with Claude Code when a credential is set",
            "  paude demo",
            "",
            "  # the demo in another directory, a shell as the agent",
            "  paude demo /tmp/try-paude --agent shell",
            "",
            "  # one command in the demo: its git log",
            "  paude demo -- git log --oneline", ExitCodes.SESSION_HELP})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Mixin
    SandboxOptions sandbox;

    @Parameters(paramLabel = "DIR", arity = "0..*",
            description = "Directory of the demo project (before --), default ~/paude-demo; after --: CMD to run instead of the agent.")
    List<String> positionals = new ArrayList<>();

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--workspace")) {
            throw new PolicyException("demo takes its directory as DIR, not --workspace", "paude demo DIR");
        }
        List<String> command = command(positionals, parsed.originalArgs());
        List<String> dirs = positionals.subList(0, positionals.size() - command.size());
        if (dirs.size() > 1) {
            throw new PolicyException("demo takes one directory, got " + dirs.size() + ": " + String.join(" ", dirs),
                    "give one DIR; a command goes after --: paude demo DIR -- CMD");
        }
        Path dir = (dirs.isEmpty() ? Services.paths().home().resolve("paude-demo") : Path.of(dirs.get(0))).toAbsolutePath().normalize();
        boolean root = runsAsRoot();
        DemoProject.Outcome outcome = DemoProject.prepare(dir, root);
        err.println("paude: " + (outcome == DemoProject.Outcome.CREATED ? "made the demo project in " : "reusing the demo project in ")
                + dir + (root && outcome == DemoProject.Outcome.CREATED ? " (owned by uid 1000, the agent's; git run by root "
                + "there asks first for: git config --global --add safe.directory " + dir + ")" : ""));
        sandbox.workspace = dir;
        if (!parsed.hasMatchedOption("--agent")) {
            boolean claude = sandbox.auth.equals("auto") ? CredentialsGuard.credentialConfigured(System.getenv())
                    : !sandbox.auth.equals("none"); // an --auth asked for says which credential there is
            sandbox.agent = claude ? "claude" : "shell";
            if (!claude && command.isEmpty()) {
                err.println("paude: no model credential, so the agent is a shell. For Claude Code, "
                        + CredentialsGuard.HOW_TO_AUTHENTICATE + ", then run paude demo again");
            }
        }
        return RunCommand.run(sandbox, engineOption, command, err);
    }

    /**
     * The command after {@code --}: the last of the {@code positionals}, as many as the command line has after its
     * first {@code --} (picocli hands DIR and CMD over as one list).
     */
    static List<String> command(List<String> positionals, List<String> originalArgs) {
        int after = originalArgs.contains("--") ? originalArgs.size() - originalArgs.indexOf("--") - 1 : 0;
        return List.copyOf(positionals.subList(positionals.size() - after, positionals.size()));
    }

    /** Whether paude runs as root (then the agent of a root-owned workspace runs as uid 1000: session/Provisioner). */
    private static boolean runsAsRoot() {
        try {
            return (Integer) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
