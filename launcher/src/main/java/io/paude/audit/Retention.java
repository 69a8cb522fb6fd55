package io.paude.audit;

import io.paude.policy.AuditSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Prunes the directories of old sessions (their audit logs included) so that logs never fill the disk. */
public final class Retention {
    private Retention() {
    }

    /**
     * Removes session directories beyond the newest {@code keepSessions} and those older than {@code maxAgeDays},
     * never one of a live session. Returns the names removed.
     */
    public static List<String> prune(Path sessions, AuditSettings s, Set<String> live, Instant now) {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(sessions)) {
            return removed;
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(sessions)) {
            dirs = new ArrayList<>(list.filter(Files::isDirectory).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dirs.sort(Comparator.comparing(Retention::modified).reversed());
        Instant oldest = now.minus(Duration.ofDays(s.maxAgeDays()));
        int kept = 0;
        for (Path d : dirs) {
            String name = d.getFileName().toString();
            if (live.contains(name)) {
                continue;
            }
            if (kept < s.keepSessions() && modified(d).isAfter(oldest)) {
                kept++;
                continue;
            }
            delete(d);
            removed.add(name);
        }
        return removed;
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune " + dir, e);
        }
    }
}
