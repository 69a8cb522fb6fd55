package io.paude.githistory;

import io.paude.hostgit.GitView;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The object store of a {@link BackupStore}: adds what a repository holds that the store lacks, and copies objects
 * out of it. Git objects and packs are named by their content and never change, so a file present in the store is
 * never copied again.
 */
final class StoreObjects {
    /** How often the object copy starts again when a host {@code git gc} moved files during it. */
    private static final int GC_RACE_TRIES = 5;
    static final Pattern LOOSE = Pattern.compile("[0-9a-f]{2}/[0-9a-f]{38,62}");
    static final Pattern PACK = Pattern.compile("pack/pack-[0-9a-f]{40,64}\\.(pack|idx)");

    private final Path root;

    /** @param root the store's directory: objects in {@code objects/}, its bookkeeping files beside them */
    StoreObjects(Path root) {
        this.root = root;
    }

    private Path objects() {
        return root.resolve("objects");
    }

    /**
     * {@link #addObjects}, again from the start when a file vanished meanwhile: a {@code git gc} running on the host
     * (often one that git started in the background after a commit) packs loose objects and deletes old packs while
     * the directory is walked. What is already in the store is kept; a second pass adds what moved.
     */
    long[] addRacingGc(Path gitDir, GitView view) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return addObjects(gitDir, view);
            } catch (NoSuchFileException moved) {
                if (attempt == GC_RACE_TRIES) {
                    throw moved;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw moved;
                }
            }
        }
    }

    /**
     * Adds the repository's objects the store lacks: packs as files, loose objects packed into one new pack (much
     * faster than copying one file per object, and quick to verify). Returns {bytes added, objects or packs added}.
     */
    private long[] addObjects(Path gitDir, GitView view) throws IOException {
        Path from = gitDir.resolve("objects");
        Path manifest = root.resolve("loose-packed.txt");
        FanoutStamps stamps = FanoutStamps.read(root.resolve(FanoutStamps.FILE));
        List<String> loose = new ArrayList<>();
        List<String> packs = new ArrayList<>();
        List<String> listed = stamps.changedObjectFiles(from);
        if (!listed.isEmpty()) {
            Set<String> known = new HashSet<>(objectFiles(objects()));
            if (Files.isRegularFile(manifest) && listed.stream().anyMatch(r -> LOOSE.matcher(r).matches())) {
                known.addAll(Files.readAllLines(manifest));
            }
            for (String rel : listed) {
                if (!known.contains(rel)) {
                    (LOOSE.matcher(rel).matches() ? loose : packs).add(rel);
                }
            }
        }
        long bytes = 0;
        packs.sort(PACKS_BEFORE_INDEXES);
        for (String rel : packs) {
            bytes += copyOne(from.resolve(rel), objects().resolve(rel));
        }
        if (!loose.isEmpty()) {
            Path pack = objects().resolve("pack");
            Files.createDirectories(pack);
            StringBuilder ids = new StringBuilder();
            loose.forEach(rel -> ids.append(rel, 0, 2).append(rel, 3, rel.length()).append('\n'));
            String name = view.runWithInput(ids.toString(), "pack-objects", "-q", "--window=0",
                    pack.toAbsolutePath().resolve("pack").toString()).strip();
            bytes += Files.size(pack.resolve("pack-" + name + ".pack"));
            Files.write(manifest, loose, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        stamps.write(); // only now is everything those directories held in the store
        return new long[] {bytes, loose.size() + packs.size()};
    }

    /** Packs before their index, so a reader never sees an index alone. */
    private static final Comparator<String> PACKS_BEFORE_INDEXES =
            Comparator.comparing((String r) -> r.endsWith(".idx")).thenComparing(r -> r);

    private static long copyOne(Path src, Path dst) throws IOException {
        Files.createDirectories(dst.getParent());
        Path part = dst.resolveSibling("." + dst.getFileName() + ".part");
        Files.copy(src, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, dst, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(dst);
    }

    /**
     * Copies object files the store lacks; packs before their index so a reader never sees an index alone. Each side
     * is listed once (one directory walk, no stat per object), which keeps a repository of loose objects cheap.
     */
    static long[] copyObjects(Path from, Path to) throws IOException {
        List<String> files = objectFiles(from);
        Set<String> present = new HashSet<>(objectFiles(to));
        files.sort(PACKS_BEFORE_INDEXES);
        long bytes = 0;
        long count = 0;
        for (String rel : files) {
            if (present.contains(rel)) {
                continue;
            }
            bytes += copyOne(from.resolve(rel), to.resolve(rel));
            count++;
        }
        return new long[] {bytes, count};
    }

    /** Relative paths of the loose objects and packs under an objects directory. */
    private static List<String> objectFiles(Path objects) throws IOException {
        List<String> files = new ArrayList<>();
        if (!Files.isDirectory(objects)) {
            return files;
        }
        Files.walkFileTree(objects, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String rel = objects.relativize(file).toString();
                    if (LOOSE.matcher(rel).matches() || PACK.matcher(rel).matches()) {
                        files.add(rel);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }
}
