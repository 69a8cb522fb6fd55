package io.paude.githistory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies of a {@code .git} directory and its parts. Symbolic links are copied as links, never followed: the agent may
 * have planted them; devices and FIFOs are left out.
 */
final class GitDirCopy {
    private GitDirCopy() {
    }

    /**
     * Copies {@code .git} without its objects and Git LFS content (submodules' git directories without theirs), and
     * without lock files. The copy is data for the end-of-session report and {@code paude git restore}: git never
     * runs under it.
     */
    static void snapshot(Path gitDir, Path to) throws IOException {
        Files.walkFileTree(gitDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = gitDir.relativize(dir);
                String last = rel.getFileName() == null ? "" : rel.getFileName().toString();
                boolean topObjects = rel.toString().equals("objects") || rel.toString().equals("lfs");
                boolean moduleObjects = rel.startsWith("modules") && (last.equals("objects") || last.equals("lfs"));
                if (topObjects || moduleObjects) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(rel.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (file.getFileName().toString().endsWith(".lock")) {
                    return FileVisitResult.CONTINUE;
                }
                copyEntry(file, to.resolve(gitDir.relativize(file).toString()), attrs, StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Copies a whole tree over {@code to}, replacing files of the same name. */
    static void tree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                copyEntry(file, to.resolve(from.relativize(file).toString()), attrs, StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void copyEntry(Path file, Path dst, BasicFileAttributes attrs, StandardCopyOption option) throws IOException {
        if (attrs.isSymbolicLink()) {
            Files.createSymbolicLink(dst, Files.readSymbolicLink(file));
        } else if (attrs.isRegularFile()) {
            Files.copy(file, dst, option);
        }
    }
}
