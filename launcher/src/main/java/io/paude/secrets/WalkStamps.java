package io.paude.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What each directory of a workspace held when it was last listed, so that the next walk ({@link WorkspaceFiles})
 * lists only the directories that changed: a workspace of 20,000 files in 100 directories then costs a start 100
 * {@code stat}s instead of 20,000 names and their {@code lstat}s.
 *
 * <p>A directory is known by its inode and its ctime. Adding, removing or renaming an entry sets the directory's
 * ctime to the current time, and no process can set a ctime back (unlike an mtime: {@code touch -d}), so an agent
 * cannot make a changed directory look unchanged. A file's type and inode cannot change without a change of its
 * directory's entries, so a directory with its stamp unchanged holds the same names, types and inodes. ctime has
 * the kernel's coarse clock (a few milliseconds): a directory whose ctime is less than {@link #SETTLED} old when it
 * is listed could change again within the same tick unseen, so it is not stamped and is listed again next time. A
 * directory with a name that holds a line break is never stamped. A lost or corrupt file only costs a full walk.
 *
 * <p>Whether a file starts with a private key is what its first bytes held when its directory was listed: a file
 * rewritten in place (its directory unchanged) keeps that answer until the directory changes. Such a key is still
 * the pre-flight scan's finding (it reads every changed file), which stops the start.
 */
final class WalkStamps {
    private static final long SETTLED = TimeUnit.SECONDS.toNanos(2);

    /**
     * An entry of a directory: {@code type} is {@code f} (regular file), {@code l} (symbolic link) or {@code d};
     * {@code privateKey}: a regular file that started with a private key when the directory was listed (written as
     * type {@code k}).
     */
    record Entry(String name, char type, String key, boolean privateKey) {
    }

    /** A directory's inode, its ctime when it was listed, and what the listing held. */
    record Stamp(long ino, long ctimeNanos, List<Entry> entries) {
    }

    private final Path file;
    private final Map<String, Stamp> before;
    private final LongSupplier clockNanos;
    private final Map<String, Stamp> now = new HashMap<>();
    private int listings;
    private boolean changed;

    private WalkStamps(Path file, Map<String, Stamp> before, LongSupplier clockNanos) {
        this.file = file;
        this.before = before;
        this.clockNanos = clockNanos;
    }

    /** No stamps: every directory is listed, and nothing is written. */
    static WalkStamps none() {
        return new WalkStamps(null, Map.of(), () -> 0);
    }

    static WalkStamps read(Path file) {
        return read(file, () -> System.currentTimeMillis() * 1_000_000L);
    }

    /** With the wall clock in nanoseconds from {@code clockNanos} (tests). */
    static WalkStamps read(Path file, LongSupplier clockNanos) {
        Map<String, Stamp> m = new HashMap<>();
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                String text = Files.readString(file);
                String dir = null;
                long ino = 0;
                long ctime = 0;
                List<Entry> entries = null;
                for (int at = 0, end; at < text.length(); at = end + 1) {
                    end = text.indexOf('\n', at);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated line");
                    }
                    // "D INO CTIME DIR" or "E TYPE KEY NAME": the last field may hold spaces
                    int a = text.indexOf(' ', at);
                    int b = text.indexOf(' ', a + 1);
                    int c = text.indexOf(' ', b + 1);
                    if (a != at + 1 || b < 0 || c < 0 || c > end) {
                        throw new IllegalArgumentException("corrupt line");
                    }
                    String last = text.substring(c + 1, end);
                    if (text.charAt(at) == 'D') {
                        if (dir != null) {
                            m.put(dir, new Stamp(ino, ctime, List.copyOf(entries)));
                        }
                        dir = last;
                        ino = Long.parseLong(text, a + 1, b, 10);
                        ctime = Long.parseLong(text, b + 1, c, 10);
                        entries = new ArrayList<>();
                    } else if (text.charAt(at) == 'E' && b == a + 2 && "fldk".indexOf(text.charAt(a + 1)) >= 0 && dir != null) {
                        String key = text.substring(b + 1, c);
                        char type = text.charAt(a + 1);
                        entries.add(new Entry(last, type == 'k' ? 'f' : type, key.equals("-") ? null : key, type == 'k'));
                    } else {
                        throw new IllegalArgumentException("corrupt line");
                    }
                }
                if (dir != null) {
                    m.put(dir, new Stamp(ino, ctime, List.copyOf(entries)));
                }
            }
        } catch (IOException | RuntimeException corrupt) {
            m.clear();
        }
        return new WalkStamps(file, m, clockNanos);
    }

    /** The directory's inode and ctime, read before it is listed (a change during the listing gives a later ctime). */
    static long[] identity(Path dir) throws IOException {
        Map<String, Object> a = Files.readAttributes(dir, "unix:ino,ctime", LinkOption.NOFOLLOW_LINKS);
        return new long[] {(Long) a.get("ino"), ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS)};
    }

    /** What {@code rel} held when it was stamped, if its inode and ctime are still {@code identity}'s. */
    List<Entry> unchanged(String rel, long[] identity) {
        Stamp s = before.get(rel);
        if (s == null || s.ino() != identity[0] || s.ctimeNanos() != identity[1]) {
            return null;
        }
        now.put(rel, s);
        return s.entries();
    }

    /** How many directories this walk listed (the others were unchanged). */
    int listings() {
        return listings;
    }

    /** Records a directory just listed, unless its ctime is too recent to be trusted or a name holds a line break. */
    void listed(String rel, long[] identity, List<Entry> entries) {
        listings++;
        changed = true;
        if (clockNanos.getAsLong() - identity[1] < SETTLED || breaks(rel)
                || entries.stream().anyMatch(e -> breaks(e.name()) || e.key() != null && e.key().indexOf(' ') >= 0)) {
            return;
        }
        now.put(rel, new Stamp(identity[0], identity[1], List.copyOf(entries)));
    }

    private static boolean breaks(String name) {
        return name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0;
    }

    /** Writes what this walk stamped, when anything differs from what was read. */
    void write() throws IOException {
        if (file == null || !changed && now.size() == before.size()) { // every directory as stamped before
            return;
        }
        StringBuilder b = new StringBuilder();
        now.forEach((dir, s) -> {
            b.append("D ").append(s.ino()).append(' ').append(s.ctimeNanos()).append(' ').append(dir).append('\n');
            for (Entry e : s.entries()) {
                b.append("E ").append(e.privateKey() ? 'k' : e.type()).append(' ').append(e.key() == null ? "-" : e.key()).append(' ')
                        .append(e.name()).append('\n');
            }
        });
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, b);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
