package io.paude.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One walk of a workspace, shared by the secret-file rules ({@link SecretFiles}) and the pre-flight scan
 * ({@link SecretScanner}): its regular files and symbolic links outside {@code .git}, workspace-relative, with what
 * the walk's {@code lstat} saw. Unreadable directories are left out: what the launcher cannot read, the agent (same
 * user, fewer rights) cannot either.
 */
record WorkspaceFiles(Path root, List<File> files) {
    /** Directories never entered: git's objects are handled by the tracked-secret check, not by masks. */
    static final Set<String> SKIP_DIRS = Set.of(".git");

    /** A file as the walk saw it; {@code key} identifies its inode (hard links share it), null when unknown. */
    record File(Path rel, Object key, boolean regular, boolean symlink) {
    }

    WorkspaceFiles {
        files = List.copyOf(files);
    }

    static WorkspaceFiles walk(Path workspace) {
        Path root = workspace.toAbsolutePath().normalize();
        List<File> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && SKIP_DIRS.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                        files.add(new File(root.relativize(file), attrs.fileKey(), attrs.isRegularFile(), attrs.isSymbolicLink()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WorkspaceFiles(root, files);
    }

    Path resolve(File f) {
        return root.resolve(f.rel());
    }
}
