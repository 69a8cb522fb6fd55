package io.paude.proxy;

import io.paude.state.CapLedger;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The proxy's access log in a session directory, as its {@link LogDaemon} writes it: whole-line parts
 * {@code proxy-log/access.log.NNNNNN}, oldest first, the oldest removed as the log reaches its cap. A file
 * {@code access.log} itself stays empty (the proxy image checks that it can write it) except in sessions started
 * before the log was capped, whose whole log it is. Parts removed while they are read are skipped.
 */
public final class AccessLog {
    /** The proxy's log directory in a session directory. */
    public static final String DIR = "proxy-log";
    public static final String NAME = "access.log";
    /** What the cap removed from it ({@link CapLedger}): "REQUESTS FROM TO PARTS". */
    public static final String DROPPED = NAME + "." + CapLedger.SUFFIX;
    /** Squid's cache log, beside it. */
    public static final String CACHE = "cache.log";

    /** Where a reader stopped: the newest part then and its length. */
    public record Mark(String part, long length) {
    }

    private AccessLog() {
    }

    /** The parts of the session's access log, oldest first. */
    public static List<Path> parts(Path sessionDir) {
        Path dir = sessionDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            // "access.log" sorts before "access.log.000000"
            return files.filter(p -> p.getFileName().toString().matches("access\\.log(\\.\\d+)?")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line the log still holds, oldest first. */
    public static List<String> lines(Path sessionDir) {
        return since(sessionDir, new Mark("", 0));
    }

    /** Where the log ends now: what {@link #since} reads from. */
    public static Mark mark(Path sessionDir) {
        List<Path> parts = parts(sessionDir);
        if (parts.isEmpty()) {
            return new Mark("", 0);
        }
        Path newest = parts.get(parts.size() - 1);
        try {
            return new Mark(newest.getFileName().toString(), Files.size(newest));
        } catch (IOException e) {
            return new Mark(newest.getFileName().toString(), 0);
        }
    }

    /** The lines written after {@code mark}; all the log holds when the marked part has been removed meanwhile. */
    public static List<String> since(Path sessionDir, Mark mark) {
        List<Path> parts = parts(sessionDir);
        boolean kept = parts.stream().anyMatch(p -> p.getFileName().toString().equals(mark.part()));
        List<String> lines = new ArrayList<>();
        for (Path p : parts) {
            String name = p.getFileName().toString();
            if (kept && name.compareTo(mark.part()) < 0) {
                continue;
            }
            lines.addAll(read(p, kept && name.equals(mark.part()) ? mark.length() : 0));
        }
        return lines;
    }

    private static List<String> read(Path p, long from) {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            long start = from <= f.length() ? from : 0;
            byte[] b = new byte[(int) Math.min(f.length() - start, Integer.MAX_VALUE - 8)];
            f.seek(start);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8).lines().toList();
        } catch (java.io.FileNotFoundException removedMeanwhile) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
