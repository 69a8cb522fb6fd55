package io.paude.githistory;

import io.paude.Measure;
import io.paude.SafeText;
import io.paude.hostgit.GitView;
import io.paude.hostgit.HostGit;
import io.paude.policy.PolicyException;
import io.paude.state.StatePaths;
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

    /**
     * Rebuilds {@code into/.git} from backup {@code id} (the latest when null) of {@code workspace}: its refs, reflogs,
     * HEAD and index, the store's objects, and a configuration paude writes ({@link RestoredConfig}); never the
     * backed-up hooks, attributes or configuration, which an agent may have planted before the backup was taken.
     */
    public void restoreAll(Path workspace, String id, Path into, boolean force, boolean checkout) {
        BackupStore store = BackupStore.of(paths, workspace);
        String backup = store.require(id);
        try {
            Files.createDirectories(into);
            Path git = into.resolve(".git");
            Path tmp = into.resolve(".git.paude-restoring");
            if (Files.exists(git, LinkOption.NOFOLLOW_LINKS)) {
                if (healthy(git) && !force) {
                    throw new PolicyException(git + " is a healthy repository; restoring would replace it",
                            "restore single refs with --ref REF, restore elsewhere with --into DIR, or pass --force (the current .git is kept beside it)");
                }
            }
            BackupStore.deleteTree(tmp);
            List<String> dropped = rebuild(store.snapshot(backup), tmp);
            StoreObjects.copyObjects(store.objects(), tmp.resolve("objects"));
            HostGit.Result fsck = HostGit.call(tmp, List.of("fsck", "--no-dangling", "--no-progress"));
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
                out.println("kept the previous .git as " + SafeText.of(aside.toString()));
            }
            Files.move(tmp, git);
            // The work tree's .gitattributes may name filters; the configuration is paude's, so none is defined and
            // none runs: files under such a filter (Git LFS) are checked out as they are stored.
            if (!Files.exists(git.resolve("index"))) {
                HostGit.run(git, "--work-tree=" + into, "read-tree", "HEAD");
            }
            if (checkout) {
                HostGit.run(git, "--work-tree=" + into, "reset", "--hard", "-q", "HEAD");
            }
            chownLike(into, git);
            out.printf("restored %s from backup %s: %d refs (%s), git fsck clean%n", SafeText.of(git.toString()), backup,
                    restored.byName().size(), summary(restored, git));
            out.println("the configuration was written by paude: remotes, upstreams and identity kept; hooks, attributes and "
                    + "every other setting left out" + (dropped.isEmpty() ? "" : " (" + SafeText.of(String.join(", ", dropped)) + ")")
                    + "; put the backed-up ones back after review with: paude git restore --config");
            out.println(checkout ? "the working tree was reset to HEAD (no filter ran)" : "the working tree was not touched ('git status' shows how it differs)");
        } catch (IOException e) {
            throw new PolicyException("cannot restore into " + into + ": " + e, "check permissions and free space");
        }
    }

    /**
     * A new {@code .git} at {@code to} from a backup's copy: refs, reflogs, HEAD, the index and what only describes,
     * with paude's configuration and no hooks. The mutation pass's launcher copies the whole backup instead.
     */
    private static List<String> rebuild(Path snapshot, Path to) throws IOException {
        if (!Measure.HOST_GIT_QUARANTINE.enforced()) {
            GitDirCopy.tree(snapshot, to); // the weakened launcher: the backed-up configuration, hooks and attributes
            Files.createDirectories(to.resolve("objects/pack"));
            Files.createDirectories(to.resolve("refs"));
            return List.of();
        }
        Files.createDirectories(to);
        for (String part : List.of("HEAD", "packed-refs", "refs", "logs", "shallow", "index", "description", "info/exclude")) {
            Path src = snapshot.resolve(part);
            if (Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(to.resolve(part).getParent());
                GitDirCopy.tree(src, to.resolve(part));
            }
        }
        Files.createDirectories(to.resolve("objects/info"));
        Files.createDirectories(to.resolve("objects/pack"));
        Files.createDirectories(to.resolve("refs"));
        Files.createDirectories(to.resolve("hooks"));
        return RestoredConfig.write(snapshot.resolve("config"), to.resolve("config"));
    }

    /** Whether a {@code .git} the agent could write has a HEAD and complete history, seen through a view of it. */
    private static boolean healthy(Path git) {
        if (!Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (GitView view = GitView.of(git)) {
            return view.call(List.of("rev-parse", "--verify", "HEAD")).ok()
                    && view.call(List.of("fsck", "--connectivity-only", "--no-dangling", "--no-progress")).ok();
        }
    }

    /**
     * Sets single refs back to their value in backup {@code id}. Git never runs in the repository: the objects come as
     * one pack made in paude's view of the backup, the refs are written as files ({@link RefWriter}).
     */
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
                throw new PolicyException("backup " + backup + " has no ref " + SafeText.of(ref), "use a full name such as refs/heads/main; the backed-up refs are listed in "
                        + SafeText.of(store.backupDir(backup).resolve("refs.txt").toString()));
            }
        }
        RefWriter writer = new RefWriter(git);
        try (GitView repo = store.open(backup); GitView live = GitView.of(git)) {
            Path packDir = Files.createTempDirectory("paude-restore-pack-");
            try {
                StringBuilder wanted = new StringBuilder();
                refs.forEach(r -> wanted.append(saved.byName().get(r)).append('\n'));
                String name = repo.runWithInput(wanted.toString(), "pack-objects", "-q", "--revs", packDir.resolve("pack").toString()).strip();
                writer.addPack(packDir.resolve("pack-" + name + ".pack"), packDir.resolve("pack-" + name + ".idx"));
            } finally {
                BackupStore.deleteTree(packDir);
            }
            for (String ref : refs) {
                HostGit.Result old = live.call(List.of("rev-parse", "--verify", "-q", ref));
                String before = old.ok() ? old.out().strip() : null;
                writer.setRef(ref, saved.byName().get(ref), before, "paude git restore from backup " + backup);
                out.printf("%s -> %s%s%n", SafeText.of(ref), saved.byName().get(ref),
                        before != null ? " (was " + before + "; that value stays in the reflog)" : " (recreated)");
            }
        } catch (IOException e) {
            throw new PolicyException("cannot restore refs into " + git + ": " + e, "check permissions and free space");
        }
        chownLike(into, git);
    }

    /**
     * Puts back the configuration files, hooks and attributes of {@code into/.git} as they were in backup {@code id}
     * (before the session), wherever they differ now; what is replaced is moved to {@code .git/paude-replaced-config-TIME/},
     * never deleted. Only files of the repository are touched: a directory on the way that is now a link is refused.
     */
    public void restoreConfig(Path workspace, String id, Path into) {
        BackupStore store = BackupStore.of(paths, workspace);
        String backup = store.require(id);
        Path git = into.resolve(".git");
        if (!Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            throw new PolicyException(git + " is not a directory", "restore the whole repository first: paude git restore --backup " + backup);
        }
        Path snapshot = store.snapshot(backup);
        var before = ExecutableConfig.files(snapshot);
        var now = ExecutableConfig.files(git);
        java.util.TreeSet<String> paths = new java.util.TreeSet<>(before.keySet());
        paths.addAll(now.keySet());
        Path aside = git.resolve("paude-replaced-config-" + Instant.now().toEpochMilli());
        int changed = 0;
        List<String> movedDirs = new java.util.ArrayList<>();
        try {
            for (String rel : paths) {
                var b = before.getOrDefault(rel, ExecutableConfig.FileState.ABSENT);
                var a = now.getOrDefault(rel, ExecutableConfig.FileState.ABSENT);
                if (b.equals(a) || b.isDir() && a.isDir() || movedDirs.stream().anyMatch(d -> rel.startsWith(d + "/") && b == ExecutableConfig.FileState.ABSENT)) {
                    continue; // unchanged, or inside a directory already moved aside whole
                }
                if (a.isDir()) {
                    movedDirs.add(rel);
                }
                Path target = git.resolve(rel);
                RefWriter.requireRealParents(git, target);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Path kept = aside.resolve(rel);
                    Files.createDirectories(kept.getParent());
                    Files.move(target, kept);
                }
                Path src = snapshot.resolve(rel);
                if (b.isDir()) {
                    Files.createDirectories(target);
                } else if (Files.isSymbolicLink(src)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(src));
                } else if (b.isFile()) {
                    Files.copy(src, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
                out.println("put back .git/" + SafeText.of(rel) + ": " + SafeText.of(a.describe()) + " -> " + SafeText.of(b.describe()));
                changed++;
            }
        } catch (IOException e) {
            throw new PolicyException("cannot put back the configuration of " + git + ": " + e, "check permissions");
        }
        if (changed == 0) {
            out.println("the configuration, hooks and attributes of " + SafeText.of(git.toString()) + " are as in backup " + backup);
        } else {
            out.println("kept what was replaced in " + SafeText.of(aside.toString()));
            chownLike(into, git);
        }
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
