package io.paude.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * One walk of a workspace, shared by the secret-file rules ({@link SecretFiles}) and the pre-flight scan
 * ({@link SecretScanner}): its regular files and symbolic links outside {@code .git}, workspace-relative, with what
 * the walk's {@code lstat} saw, and the {@code .git} directories it left out ({@code skipped}, listed by
 * {@link #tree} only when a secret has names the walk did not see). Symbolic links are not followed. Unreadable directories are left out: what the
 * launcher cannot read, the agent (same user, fewer rights) cannot either. With {@link WalkStamps}, a directory
 * unchanged since the last walk is not listed again: what it held then is what it holds.
 */
record WorkspaceFiles(Path root, List<File> files, List<Path> skipped) {
    /**
     * Directories the walk does not enter: git's objects are the tracked-secret check's; a secret's other names
     * there (hard links) are found by {@link #tree}.
     */
    static final Set<String> SKIP_DIRS = Set.of(".git");

    /**
     * A file as the walk saw it; {@code key} identifies its inode (hard links share it; the text of the file system's
     * file key), null when unknown; {@code privateKey}: a regular file that starts with a private key
     * ({@link SecretFiles#privateKeyHead}), looked at when its directory was listed.
     */
    record File(Path rel, String key, boolean regular, boolean symlink, boolean privateKey) {
    }

    WorkspaceFiles {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }

    static WorkspaceFiles walk(Path workspace) {
        return walk(workspace, WalkStamps.none());
    }

    /** The walk, listing only the directories whose stamps changed; {@code stamps} then holds this walk's. */
    static WorkspaceFiles walk(Path workspace, WalkStamps stamps) {
        Path root = workspace.toAbsolutePath().normalize();
        List<File> files = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        Deque<Path> dirs = new ArrayDeque<>(List.of(root)); // not recursive: any depth of directories
        while (!dirs.isEmpty()) {
            Path dir = dirs.pop();
            List<WalkStamps.Entry> entries;
            try {
                entries = entries(root.relativize(dir).toString(), dir, stamps);
            } catch (IOException unreadable) {
                if (dir.equals(root)) {
                    throw new UncheckedIOException(unreadable);
                }
                continue;
            }
            for (WalkStamps.Entry e : entries) {
                Path p = dir.resolve(e.name());
                if (e.type() == 'd') {
                    if (!SKIP_DIRS.contains(e.name())) {
                        dirs.push(p);
                    } else {
                        skipped.add(root.relativize(p));
                    }
                } else {
                    files.add(new File(root.relativize(p), e.key(), e.type() == 'f', e.type() == 'l', e.privateKey()));
                }
            }
        }
        return new WorkspaceFiles(root, files, skipped);
    }

    /**
     * Every regular file below {@code rel} (a directory the walk skipped), at any depth, without stamps and without
     * looking at contents: to find the other names of a secret file.
     */
    List<File> tree(Path rel) {
        List<File> out = new ArrayList<>();
        Deque<Path> dirs = new ArrayDeque<>(List.of(root.resolve(rel)));
        while (!dirs.isEmpty()) {
            Path dir = dirs.pop();
            List<WalkStamps.Entry> entries;
            try {
                entries = list(dir, false);
            } catch (IOException unreadable) {
                continue;
            }
            for (WalkStamps.Entry e : entries) {
                Path p = dir.resolve(e.name());
                if (e.type() == 'd') {
                    dirs.push(p);
                } else if (e.type() == 'f') {
                    out.add(new File(root.relativize(p), e.key(), true, false, false));
                }
            }
        }
        return out;
    }

    /** What the directory holds: as stamped, when its stamp is unchanged; otherwise listed (and stamped). */
    private static List<WalkStamps.Entry> entries(String rel, Path dir, WalkStamps stamps) throws IOException {
        long[] identity = WalkStamps.identity(dir);
        List<WalkStamps.Entry> entries = stamps.unchanged(rel, identity);
        if (entries == null) {
            entries = list(dir, true);
            stamps.listed(rel, identity, entries);
        }
        return entries;
    }

    /**
     * A directory's entries as {@code lstat} sees them: directories, regular files and symbolic links; the first
     * bytes of its small regular files tell whether they are private keys.
     */
    private static List<WalkStamps.Entry> list(Path dir, boolean heads) throws IOException {
        List<WalkStamps.Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException vanished) {
                    continue;
                }
                char type = a.isDirectory() ? 'd' : a.isRegularFile() ? 'f' : a.isSymbolicLink() ? 'l' : 0;
                if (type != 0) {
                    out.add(new WalkStamps.Entry(p.getFileName().toString(), type,
                            a.fileKey() == null ? null : a.fileKey().toString(),
                            heads && type == 'f' && SecretFiles.privateKeyHead(p, a.size())));
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return out;
    }

    /** A per-workspace file of the state directory: the walk's stamps and the scan's cache (by the workspace's path). */
    static Path cacheFile(Path stateDir, Path root, String suffix) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(root.toString().getBytes(StandardCharsets.UTF_8));
            return stateDir.resolve("secrets-scan").resolve(HexFormat.of().formatHex(h) + suffix);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path resolve(File f) {
        return root.resolve(f.rel());
    }
}
