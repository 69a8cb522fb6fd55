package io.paude.githistory;

import io.paude.FileTrees;
import io.paude.hostgit.GitView;
import io.paude.hostgit.HostGit;
import io.paude.policy.PolicyException;
import io.paude.state.StatePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The host-side backups of one repository, under {@code $XDG_STATE_HOME/paude/git-backups/REPO-ID/}, a directory
 * that is never mounted into a sandbox.
 *
 * <p>Layout: {@code objects/} is one object store shared by all backups of the repository; each backup is
 * {@code backups/ID/git/}, a copy of the repository's {@code .git} without its objects (refs, packed-refs, reflogs,
 * HEAD, index, config, hooks). Git objects and packs are named by their content and never change, so a backup adds
 * only what the store does not hold yet: the first backup copies the repository once, later ones what is new. Packs
 * are copied as files; loose objects (one file each, tens of thousands after many local commits) are written into
 * one new pack of the store by {@code git pack-objects} and listed in {@code loose-packed.txt}.
 * Unlike a bundle or a fetch, this also keeps the objects only reflogs reach (older stash entries, the
 * commits before a rebase), so every reflog of the backup stays usable.
 */
final class BackupStore {
    static final String DIR = "git-backups";
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;

    private BackupStore(Path root) {
        this.root = root;
    }

    /** The store of the repository in {@code workspace}. */
    static BackupStore of(StatePaths paths, Path workspace) {
        return new BackupStore(paths.state().resolve(DIR).resolve(repoId(workspace)));
    }

    /** A readable, stable name for a workspace: its base name and a hash of its absolute path. */
    static String repoId(Path workspace) {
        String abs = workspace.toAbsolutePath().normalize().toString();
        String name = workspace.getFileName() == null ? "root" : workspace.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(abs.getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path root() {
        return root;
    }

    Path objects() {
        return root.resolve("objects");
    }

    Path backupDir(String id) {
        return root.resolve("backups").resolve(id);
    }

    /** The {@code .git} copy (without objects) of a backup. */
    Path snapshot(String id) {
        return backupDir(id).resolve("git");
    }

    /** Backup ids, oldest first. */
    List<String> ids() {
        Path dir = root.resolve("backups");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("refs.txt"))).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<String> latest() {
        List<String> ids = ids();
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
    }

    String require(String id) {
        if (id == null) {
            return latest().orElseThrow(() -> new PolicyException("no git backup exists for this workspace in " + root,
                    "backups are taken when a session starts on a git repository; list them with 'paude git backups'"));
        }
        if (!ids().contains(id)) {
            throw new PolicyException("no git backup " + id + " in " + root, "list them with 'paude git backups'");
        }
        return id;
    }

    Refs refs(String id) {
        try {
            return Refs.parse(Files.readString(backupDir(id).resolve("refs.txt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one backup took: its id, refs, the bytes of objects added, the objects or packs added and the time spent. */
    record Taken(String id, Refs refs, long copiedBytes, int copiedFiles, long millis) {
    }

    /**
     * Copies the history of {@code gitDir} into a new backup. Nothing of the repository is changed, and git never runs
     * in it: its {@code .git} (without objects) is copied first, and git reads the copy's refs through a
     * {@link GitView} that borrows the repository's objects.
     */
    Taken take(Path gitDir, Path workspace) {
        long t0 = System.nanoTime();
        StatePaths.privateDir(root.getParent());
        StatePaths.privateDir(root);
        String id = newId();
        Path dir = backupDir(id);
        Path tmp = root.resolve("backups").resolve("." + id + ".partial");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            GitDirCopy.snapshot(gitDir, tmp.resolve("git"));
            Refs refs;
            long[] copied;
            try (GitView view = GitView.of(tmp.resolve("git"), gitDir.resolve("objects"))) {
                refs = Refs.read(view);
                copied = new StoreObjects(root).addRacingGc(gitDir, view);
            }
            Files.writeString(tmp.resolve("workspace"), workspace.toAbsolutePath().normalize() + "\n");
            Files.writeString(tmp.resolve("refs.txt"), refs.format());
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return new Taken(id, refs, copied[0], (int) copied[1], (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new PolicyException("cannot back up " + gitDir + " to " + root + ": " + e, "check free space and permissions of " + root);
        }
    }

    /**
     * Checks that every ref and reflog entry of a backup reaches complete history in the store
     * ({@code git fsck --connectivity-only}); returns git's complaint, empty when the backup is whole.
     */
    Optional<String> verify(String id) {
        try (GitView repo = open(id)) {
            HostGit.Result r = repo.call(List.of("fsck", "--connectivity-only", "--no-dangling", "--no-progress"));
            return r.ok() ? Optional.empty() : Optional.of((r.err() + r.out()).strip());
        }
    }

    /**
     * The refs and reflogs of backup {@code id} over the store's objects, with none of the backup's configuration, so
     * nothing the agent wrote there runs.
     */
    GitView open(String id) {
        return GitView.of(snapshot(id), objects());
    }

    /** Removes the oldest backups beyond {@code keep}; returns the ids removed. */
    List<String> prune(int keep) {
        List<String> ids = ids();
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < ids.size() - keep; i++) {
            deleteTree(backupDir(ids.get(i)));
            removed.add(ids.get(i));
        }
        return removed;
    }

    long sizeBytes() {
        long[] total = {0};
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }

    private String newId() {
        String base = ID.format(Instant.now());
        String id = base;
        for (int n = 2; Files.exists(backupDir(id)); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    static void deleteTree(Path dir) {
        FileTrees.delete(dir);
    }

    static String human(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes + 1023) / 1024 + " KiB";
        }
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
