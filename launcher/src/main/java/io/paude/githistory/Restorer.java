package io.paude.githistory;

import io.paude.policy.PolicyException;
import io.paude.session.StatePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Recovers a repository from a backup: the whole {@code .git} (after it was deleted or broken) or single refs. It
 * never deletes a {@code .git}: one that is replaced is kept beside it, and a healthy one is replaced only with
 * {@code force}. The working tree's files are touched only with {@code checkout}.
 */
public final class Restorer {
    private final StatePaths paths;
    private final PrintWriter out;

    public Restorer(StatePaths paths, PrintWriter out) {
        this.paths = paths;
        this.out = out;
    }

    /** The backups of a workspace, oldest first, with their ref counts. */
    public List<String> list(Path workspace) {
        BackupStore store = BackupStore.of(paths, workspace);
        return store.ids().stream().map(id -> {
            Refs r = store.refs(id);
            long branches = r.byName().keySet().stream().filter(n -> n.startsWith("refs/heads/")).count();
            long tags = r.byName().keySet().stream().filter(n -> n.startsWith("refs/tags/")).count();
            long stashes = stashCount(store.snapshot(id));
            return String.format("%-20s %8d %5d %7d %s", id, branches, tags, stashes, store.backupDir(id));
        }).toList();
    }

    public Path storeOf(Path workspace) {
        return BackupStore.of(paths, workspace).root();
    }

    /** Checks a backup is complete; returns git's complaint or null. */
    public String verify(Path workspace, String id) {
        return BackupStore.of(paths, workspace).verify(id).orElse(null);
    }

    /** Rebuilds {@code into/.git} from backup {@code id} (the latest when null) of {@code workspace}. */
    public void restoreAll(Path workspace, String id, Path into, boolean force, boolean checkout) {
        BackupStore store = BackupStore.of(paths, workspace);
        String backup = store.require(id);
        try {
            Files.createDirectories(into);
            Path git = into.resolve(".git");
            Path tmp = into.resolve(".git.paude-restoring");
            if (Files.exists(git, LinkOption.NOFOLLOW_LINKS)) {
                boolean healthy = Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)
                        && Git.call(git, List.of("rev-parse", "--verify", "HEAD")).ok()
                        && Git.call(git, List.of("fsck", "--connectivity-only", "--no-dangling", "--no-progress")).ok();
                if (healthy && !force) {
                    throw new PolicyException(git + " is a healthy repository; restoring would replace it",
                            "restore single refs with --ref REF, restore elsewhere with --into DIR, or pass --force (the current .git is kept beside it)");
                }
            }
            BackupStore.deleteTree(tmp);
            BackupStore.copyTree(store.snapshot(backup), tmp);
            Files.createDirectories(tmp.resolve("objects/info"));
            Files.createDirectories(tmp.resolve("objects/pack"));
            Files.createDirectories(tmp.resolve("refs"));
            BackupStore.copyObjects(store.objects(), tmp.resolve("objects"));
            Git.Result fsck = Git.call(tmp, List.of("fsck", "--no-dangling", "--no-progress"));
            if (!fsck.ok()) {
                throw new PolicyException("the restored repository does not pass git fsck: " + (fsck.err() + fsck.out()).strip(),
                        "try an older backup with --backup ID (list: paude git backups); " + tmp + " is left for inspection");
            }
            Refs restored = Refs.read(tmp);
            Refs expected = store.refs(backup);
            if (!restored.equals(expected)) {
                throw new PolicyException("the restored refs differ from backup " + backup, tmp + " is left for inspection");
            }
            if (Files.exists(git, LinkOption.NOFOLLOW_LINKS)) {
                Path aside = into.resolve(".git.paude-replaced-" + Instant.now().toEpochMilli());
                Files.move(git, aside);
                out.println("kept the previous .git as " + aside);
            }
            Files.move(tmp, git);
            if (!Files.exists(git.resolve("index"))) {
                Git.run(git, "--work-tree=" + into, "read-tree", "HEAD");
            }
            if (checkout) {
                Git.run(git, "--work-tree=" + into, "reset", "--hard", "-q", "HEAD");
            }
            chownLike(into, git);
            out.printf("restored %s from backup %s: %d refs (%s), git fsck clean%n", git, backup, restored.byName().size(), summary(restored, git));
            out.println(checkout ? "the working tree was reset to HEAD" : "the working tree was not touched ('git status' shows how it differs)");
        } catch (IOException e) {
            throw new PolicyException("cannot restore into " + into + ": " + e, "check permissions and free space");
        }
    }

    /** Sets single refs back to their value in backup {@code id}, fetching the objects they need from the backup. */
    public void restoreRefs(Path workspace, String id, Path into, List<String> refs) {
        BackupStore store = BackupStore.of(paths, workspace);
        String backup = store.require(id);
        Path git = into.resolve(".git");
        if (!Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            throw new PolicyException(git + " does not exist", "restore the whole repository first: paude git restore --backup " + backup);
        }
        Refs saved = store.refs(backup);
        for (String ref : refs) {
            if (!saved.byName().containsKey(ref)) {
                throw new PolicyException("backup " + backup + " has no ref " + ref, "use a full name such as refs/heads/main; list them with "
                        + "'git for-each-ref' in " + store.snapshot(backup));
            }
        }
        Path repo = store.openRepo(backup);
        try {
            for (String ref : refs) {
                Git.Result old = Git.call(git, List.of("rev-parse", "--verify", "-q", ref));
                Git.run(git, "fetch", "-q", "--no-tags", "--no-write-fetch-head", "--update-head-ok", repo.toString(), "+" + ref + ":" + ref);
                out.printf("%s -> %s%s%n", ref, saved.byName().get(ref),
                        old.ok() ? " (was " + old.out().strip() + "; that value stays in the reflog)" : " (recreated)");
            }
        } finally {
            BackupStore.deleteTree(repo);
        }
        chownLike(into, git);
    }

    private static String summary(Refs refs, Path git) {
        long branches = refs.byName().keySet().stream().filter(n -> n.startsWith("refs/heads/")).count();
        long tags = refs.byName().keySet().stream().filter(n -> n.startsWith("refs/tags/")).count();
        return branches + " branches, " + tags + " tags, " + stashCount(git) + " stash entries";
    }

    private static long stashCount(Path git) {
        Path log = git.resolve("logs/refs/stash");
        try {
            return Files.isRegularFile(log) ? Files.readAllLines(log).stream().filter(l -> !l.isBlank()).count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Gives what was written under {@code git} to the owner of {@code dir}, so the user (not root) owns it. */
    private static void chownLike(Path dir, Path git) {
        try {
            int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            try (Stream<Path> s = Files.walk(git)) {
                for (Path p : s.toList()) {
                    if ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid
                            || (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS) != gid) {
                        try {
                            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                            Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                        } catch (java.nio.file.FileSystemException notPermitted) {
                            return; // not root: what we wrote stays ours, as any git command would leave it
                        }
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
        }
    }
}
