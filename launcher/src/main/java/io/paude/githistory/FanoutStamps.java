package io.paude.githistory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Which loose-object directories of a repository ({@code objects/00} to {@code objects/ff}) are unchanged since a
 * backup put all they held into the store, so the next backup need not list them: a repository of 20,000 loose
 * objects then costs a second start 256 {@code stat}s instead of 20,000 names.
 *
 * <p>A directory is known by its inode and its ctime. Adding, removing or renaming an entry sets the directory's
 * ctime to the current time, and no process can set a ctime back (unlike an mtime: {@code touch -d}), so an agent
 * cannot make a changed directory look unchanged. ctime has the kernel's coarse clock (a few milliseconds): a
 * directory whose ctime is less than {@link #SETTLED} old when it is listed could change again within the same tick
 * unseen, so it is listed again next time. A lost or corrupt stamps file only costs a full listing.
 */
final class FanoutStamps {
    static final String FILE = "fanout-stamps.txt";
    private static final long SETTLED = TimeUnit.SECONDS.toNanos(2);
    private static final Pattern FANOUT = Pattern.compile("[0-9a-f]{2}");

    private final Path file;
    private final Map<String, String> before;
    private final LongSupplier clockNanos;
    private final Map<String, String> now = new TreeMap<>();

    private FanoutStamps(Path file, Map<String, String> before, LongSupplier clockNanos) {
        this.file = file;
        this.before = before;
        this.clockNanos = clockNanos;
    }

    static FanoutStamps read(Path file) {
        return read(file, () -> System.currentTimeMillis() * 1_000_000L);
    }

    /** With the wall clock in nanoseconds from {@code clockNanos} (tests). */
    static FanoutStamps read(Path file, LongSupplier clockNanos) {
        Map<String, String> m = new HashMap<>();
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.split(" ", 2);
                    if (f.length == 2 && FANOUT.matcher(f[0]).matches()) {
                        m.put(f[0], f[1]);
                    }
                }
            }
        } catch (IOException | RuntimeException corrupt) {
            m.clear();
        }
        return new FanoutStamps(file, m, clockNanos);
    }

    /**
     * The object files under {@code objects} (relative: {@code ab/cdef...}, {@code pack/pack-....pack}) in every
     * loose-object directory that changed since the stamps were written, and every pack and index. Only regular
     * files count: a symbolic link (an agent's) is neither followed nor copied.
     */
    List<String> changedObjectFiles(Path objects) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(objects, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        long clock = clockNanos.getAsLong();
        try (DirectoryStream<Path> top = Files.newDirectoryStream(objects)) {
            for (Path dir : top) {
                String name = dir.getFileName().toString();
                boolean fanout = FANOUT.matcher(name).matches();
                if ((!fanout && !name.equals("pack")) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String stamp = null;
                if (fanout) { // read before the listing: a change during it gives a later ctime
                    Map<String, Object> a = Files.readAttributes(dir, "unix:ino,ctime", LinkOption.NOFOLLOW_LINKS);
                    long ctime = ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
                    stamp = a.get("ino") + ":" + ctime;
                    if (stamp.equals(before.get(name))) {
                        now.put(name, stamp);
                        continue;
                    }
                    if (clock - ctime < SETTLED) {
                        stamp = null;
                    }
                }
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path e : entries) {
                        String rel = name + "/" + e.getFileName();
                        if ((fanout ? StoreObjects.LOOSE : StoreObjects.PACK).matcher(rel).matches()
                                && Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                            out.add(rel);
                        }
                    }
                }
                if (stamp != null) {
                    now.put(name, stamp);
                }
            }
        }
        return out;
    }

    /** Records the directories listed or skipped by {@link #changedObjectFiles}: call once their objects are stored. */
    void write() throws IOException {
        StringBuilder b = new StringBuilder();
        now.forEach((name, stamp) -> b.append(name).append(' ').append(stamp).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, b);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
