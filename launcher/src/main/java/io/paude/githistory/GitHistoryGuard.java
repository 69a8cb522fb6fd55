package io.paude.githistory;

import io.paude.Measure;
import io.paude.SafeText;
import io.paude.guard.Guard;
import io.paude.guard.GuardContext;
import io.paude.hostgit.GitView;
import io.paude.hostgit.HostGit;
import io.paude.policy.PolicyException;
import io.paude.policy.SandboxPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Git history protection. Before a session: a backup of the workspace's repository on the host (all refs, tags,
 * stashes, reflogs and the objects they reach), retention, and git settings in the sandbox that keep reflogs and
 * objects. After it: which branches and tags were deleted or rewritten, with the command that recovers each, and
 * which hooks or executable config keys the agent changed.
 */
public final class GitHistoryGuard implements Guard {
    private static final String RECORD = "git-backup.properties";
    private static final long LOW_SPACE = 1024L * 1024 * 1024;

    @Override
    public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        SandboxPolicy p = policy.withEnv(SandboxGitConfig.env(policy.env()));
        Path git = ctx.workspace().resolve(".git");
        if (!Files.exists(git, LinkOption.NOFOLLOW_LINKS)) {
            return p;
        }
        if (!Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            ctx.warn(git + " is not a directory (a linked worktree or submodule): its history is not backed up");
            return p;
        }
        if (!HostGit.available()) {
            ctx.warn("git is not installed on the host: the history of " + ctx.workspace() + " is NOT backed up");
            return p;
        }
        if (!Measure.GIT_BACKUP.enforced()) {
            return p;
        }
        int keep = ctx.options().gitBackupsKeep();
        // The backup needs nothing the engine creates: it runs while the sandbox is created, and the agent starts only
        // after it is taken and verified (a failure refuses the start, as before).
        ctx.alongside().run("git-backup", () -> backUp(ctx, git, keep));
        return p;
    }

    private static void backUp(GuardContext ctx, Path git, int keep) {
        BackupStore store = BackupStore.of(ctx.paths(), ctx.workspace());
        long t0 = System.nanoTime();
        BackupStore.Taken t = store.take(git, ctx.workspace());
        store.verify(t.id()).ifPresent(problem -> ctx.warn("git backup " + t.id() + " is incomplete (git fsck): " + problem));
        record(ctx.sessionDir(), store, t.id());
        StringBuilder out = new StringBuilder(String.format("paude: git history backed up and verified (%d refs, %d new objects or packs, %s, %.2f s) to %s%n",
                t.refs().byName().size(), t.copiedFiles(), BackupStore.human(t.copiedBytes()), (System.nanoTime() - t0) / 1e9,
                store.backupDir(t.id())));
        for (String id : store.prune(keep)) {
            out.append("paude: pruned git backup " + id + " (keeping the last " + keep + "; set gitBackups.keep or --git-backups-keep)\n");
        }
        long usable = usableSpace(store.root());
        out.append("paude: git backups of this repository use " + BackupStore.human(store.sizeBytes()) + " in " + store.root()
                + "; list: paude git backups, restore: paude git restore\n");
        ctx.err().print(out); // one write: other checks print meanwhile
        ctx.err().flush();
        if (usable < LOW_SPACE) {
            ctx.warn("only " + BackupStore.human(usable) + " free where git backups are kept (" + store.root()
                    + "); lower gitBackups.keep or free space");
        }
    }

    @Override
    public void afterAgent(GuardContext ctx) {
        Path rec = ctx.sessionDir().resolve(RECORD);
        if (!Files.isRegularFile(rec)) {
            return;
        }
        Properties props = new Properties();
        try (var in = Files.newInputStream(rec)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = props.getProperty("backup");
        BackupStore store = BackupStore.of(ctx.paths(), ctx.workspace());
        if (!store.ids().contains(id)) {
            return;
        }
        String where = " --workspace " + SafeText.of(ctx.workspace().toString());
        Path git = ctx.workspace().resolve(".git");
        if (!Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            ctx.warn("git: " + git + " is gone; recover every branch, tag and stash with: paude git restore --backup " + id + where);
            return;
        }
        Refs now;
        List<RefChange> changes;
        try (GitView view = GitView.of(git)) {
            now = Refs.read(view);
            changes = RefChange.between(store.refs(id), now, view);
        } catch (PolicyException e) {
            ctx.warn("git: the repository in " + SafeText.of(ctx.workspace().toString()) + " is broken ("
                    + SafeText.of(e.getMessage()) + "); recover with: paude git restore --force --backup " + id + where);
            return;
        }
        for (RefChange c : changes) {
            ctx.warn("git: " + c.kind().text + ": " + SafeText.of(c.ref()) + " was " + c.before()
                    + (c.after() == null ? "" : ", now " + c.after())
                    + "\n  recover: " + SafeText.of(c.recovery(id) + where)
                    + "\n  or (while the objects exist): git update-ref " + SafeText.of(c.ref()) + " " + c.before());
        }
        List<ExecutableConfig.Change> planted = Measure.GIT_CHANGES_REPORTED.enforced()
                ? ExecutableConfig.between(store.snapshot(id), git) : List.of();
        for (ExecutableConfig.Change c : planted) {
            ctx.warn("git: the session changed " + SafeText.of(c.describe()));
        }
        if (!planted.isEmpty()) {
            ctx.warn("git: these changes survive the session and can run programs when you use git in " + SafeText.of(ctx.workspace().toString())
                    + " on the host: review them before running git there; put back the configuration, hooks and attributes "
                    + "of before the session with: paude git restore --config --backup " + id + where);
        }
        if (changes.isEmpty()) {
            ctx.err().println("paude: git: no branch or tag was deleted or rewritten since backup " + id);
            ctx.err().flush();
        }
    }

    private static void record(Path sessionDir, BackupStore store, String id) {
        Properties props = new Properties();
        props.setProperty("backup", id);
        props.setProperty("store", store.root().toString());
        try (var out = Files.newOutputStream(sessionDir.resolve(RECORD))) {
            props.store(out, "git backup taken before this session");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
