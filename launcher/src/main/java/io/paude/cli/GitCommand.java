package io.paude.cli;

import io.paude.SafeText;
import io.paude.githistory.Restorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code paude git}: the host-side backups of a workspace's git history, taken before each session. */
@Command(name = "git", mixinStandardHelpOptions = true,
        description = "List and restore the git history backups taken before each session.",
        subcommands = {GitCommand.Backups.class, GitCommand.Restore.class},
        footer = {"", "Examples:",
            "  # the backups of the current directory's repository",
            "  paude git backups",
            "",
            "  # after 'rm -rf .git': rebuild .git from the latest backup",
            "  paude git restore",
            "",
            "  # put one branch back as it was before the session",
            "  paude git restore --ref refs/heads/topic"})
public final class GitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    static Path workspace(Path given) {
        return (given != null ? given : Path.of("")).toAbsolutePath().normalize();
    }

    @Command(name = "backups", mixinStandardHelpOptions = true, description = {"List the git backups of a workspace, oldest first: id, branches, tags, stashes, path.",
                "With --verify, exit 1 if a backup is incomplete."},
            footer = {"", "Examples:",
                "  # the backups of the current directory's repository",
                "  paude git backups",
                "",
                "  # another project's, each checked with git fsck",
                "  paude git backups --verify --workspace ~/project"})
    static final class Backups implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--workspace", paramLabel = "DIR", description = "Project directory. Default: the current directory.")
        Path workspace;

        @Option(names = "--verify", description = "Also check that each backup is complete (git fsck --connectivity-only).")
        boolean verify;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            Path ws = workspace(workspace);
            Restorer r = new Restorer(Services.paths(), out);
            List<String> rows = r.list(ws);
            out.println("backups of " + SafeText.of(ws.toString()) + " in " + SafeText.of(r.storeOf(ws).toString()) + ":");
            out.printf("%-20s %8s %5s %7s %s%n", "BACKUP", "BRANCHES", "TAGS", "STASHES", "PATH");
            rows.forEach(row -> out.println(SafeText.of(row)));
            int bad = 0;
            if (verify) {
                for (String row : rows) {
                    String id = row.substring(0, row.indexOf(' '));
                    String problem = r.verify(ws, id);
                    out.println(id + ": " + (problem == null ? "complete" : "INCOMPLETE: " + SafeText.of(problem)));
                    bad += problem == null ? 0 : 1;
                }
            }
            return bad == 0 ? ExitCodes.OK : 1;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Rebuild a repository's .git from a backup, put single refs back, or put back the configuration,",
                "hooks and attributes of before a session (--config).",
                "A healthy .git is replaced only with --force and is then kept beside the new one as .git.paude-replaced-*.",
                "A rebuilt .git gets a configuration paude writes: remotes, upstreams and identity are kept, nothing",
                "that runs a program; the backed-up hooks and attributes are left out (bring them back with --config",
                "after review). Git never runs in the workspace's .git under its own configuration: refs are written",
                "as files, objects as a pack made from the backup.",
                "The working tree's files are not touched unless --checkout is given; no filter runs then."},
            footer = {"", "Examples:",
                "  # after 'rm -rf .git': rebuild .git from the latest backup",
                "  paude git restore",
                "",
                "  # put one branch back as it was before the session",
                "  paude git restore --ref refs/heads/topic",
                "",
                "  # replace a healthy .git and reset the files to the restored HEAD",
                "  paude git restore --force --checkout",
                "",
                "  # after the session's report named a planted hook or setting: put back those of before it",
                "  paude git restore --config"})
    static final class Restore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--workspace", paramLabel = "DIR", description = "Project directory whose backups to use. Default: the current directory.")
        Path workspace;

        @Option(names = "--backup", paramLabel = "ID", description = "Backup to restore (see 'paude git backups'). Default: the latest.")
        String backup;

        @Option(names = "--into", paramLabel = "DIR", description = "Directory to restore into (DIR/.git). Default: the workspace.")
        Path into;

        @Option(names = "--ref", paramLabel = "REF", description = "Only set this ref (e.g. refs/heads/main) back to its backed-up value (repeatable).")
        List<String> refs = new ArrayList<>();

        @Option(names = "--force", description = "Replace a healthy .git (it is kept as .git.paude-replaced-*).")
        boolean force;

        @Option(names = "--checkout", description = "Also reset the working tree's files to the restored HEAD (overwrites changes).")
        boolean checkout;

        @Option(names = "--config", description = {"Only put back .git's configuration files, hooks and attributes (also",
            "those of submodules and worktrees) as they were in the backup; the replaced ones are kept in",
            ".git/paude-replaced-config-*."})
        boolean config;

        @Override
        public Integer call() {
            Path ws = workspace(workspace);
            Path target = into != null ? into.toAbsolutePath().normalize() : ws;
            Restorer r = new Restorer(Services.paths(), spec.commandLine().getOut());
            if (config && !refs.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--config and --ref restore different things: run them one at a time");
            }
            if (config) {
                r.restoreConfig(ws, backup, target);
            } else if (refs.isEmpty()) {
                r.restoreAll(ws, backup, target, force, checkout);
            } else {
                r.restoreRefs(ws, backup, target, refs);
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
