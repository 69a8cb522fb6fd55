package io.paude.secrets;

import io.paude.Measure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The pre-flight scan: finds secrets in the workspace files the agent will be able to read. Masked files and
 * allowlisted globs are left out. Uses gitleaks when it is on the PATH (and has the options paude needs to run it
 * with paude's configuration only, see {@link Gitleaks}), the built-in {@link Detectors} otherwise. Either way the
 * only allowlist is the trusted paude.json's: the workspace's {@code .gitleaks.toml}, {@code .gitleaksignore} and
 * {@code gitleaks:allow} comments hide nothing.
 *
 * <p>The built-in scan is incremental: per file it caches inode, size and ctime with the findings (masked previews
 * only) in the state directory, and reads again only what changed. ctime is used rather than mtime because a
 * process can set mtime back ({@code touch -d}) but not ctime.
 */
public final class SecretScanner {
    static final long MAX_BYTES = 2L << 20;

    private final Path cacheDir;
    private final Map<String, String> env;

    /** @param cacheDir where per-workspace caches live (the state directory); null for no cache */
    public SecretScanner(Path cacheDir, Map<String, String> env) {
        this.cacheDir = cacheDir;
        this.env = Map.copyOf(env);
    }

    /** What a scan found and how. */
    public record Result(List<Finding> findings, String scanner, int filesRead, int filesCached) {
        public Result {
            findings = List.copyOf(findings);
        }
    }

    public Result scan(Path workspace, Set<Path> masked, List<String> allowGlobs) {
        return scan(WorkspaceFiles.walk(workspace), masked, allowGlobs);
    }

    /** As {@link #scan(Path, Set, List)}, over a walk already made (the built-in scan walks no further). */
    Result scan(WorkspaceFiles walk, Set<Path> masked, List<String> allowGlobs) {
        Path root = walk.root();
        List<PathMatcher> allow = allowGlobs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        Predicate<Path> scanned = rel -> !masked.contains(rel) && allow.stream().noneMatch(m -> m.matches(rel));
        boolean own = ownConfiguration(root);
        Optional<Path> exe = onPath("gitleaks");
        Optional<Gitleaks> gitleaks = exe.flatMap(Gitleaks::of);
        if (gitleaks.isPresent()) {
            return new Result(gitleaks.get().scan(walk, scanned, own), "gitleaks", 0, 0);
        }
        Result r = builtIn(walk, scanned); // also where a gitleaks on the PATH lacks what paude needs (Gitleaks.NEEDED)
        Predicate<Finding> hidden = own ? f -> false : Gitleaks.workspaceIgnore(root);
        return new Result(r.findings().stream().filter(hidden.negate()).toList(), r.scanner(), r.filesRead(), r.filesCached());
    }

    /**
     * Whether the scan takes its configuration from paude alone (trusted paude.json globs, paude's gitleaks
     * configuration), never from the workspace's {@code .gitleaks.toml} or {@code .gitleaksignore}. The one point where
     * {@code Measure.SCANNER_CONFIG_OWN} decides; asked only when the workspace holds one of those files.
     */
    private static boolean ownConfiguration(Path root) {
        boolean planted = Gitleaks.WORKSPACE_FILES.stream().anyMatch(f -> Files.exists(root.resolve(f), LinkOption.NOFOLLOW_LINKS));
        return !planted || Measure.SCANNER_CONFIG_OWN.enforced();
    }

    private record Entry(long ino, long size, long ctime, List<Finding> findings) {
    }

    private Result builtIn(WorkspaceFiles walk, Predicate<Path> scanned) {
        Map<String, Entry> cache = loadCache(walk.root());
        Map<String, Entry> next = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        int read = 0;
        int cached = 0;
        for (WorkspaceFiles.File f : walk.files()) {
            Path rel = f.rel();
            if (!f.regular() || !scanned.test(rel)) {
                continue;
            }
            String key = rel.toString();
            Path file = walk.resolve(f);
            try {
                Map<String, Object> a = Files.readAttributes(file, "unix:ino,size,ctime");
                long ino = ((Number) a.get("ino")).longValue();
                long size = ((Number) a.get("size")).longValue();
                long ctime = ((java.nio.file.attribute.FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
                Entry e = cache.get(key);
                if (e == null || e.ino != ino || e.size != size || e.ctime != ctime) {
                    e = new Entry(ino, size, ctime, scanFile(key, file, size));
                    read++;
                } else {
                    cached++;
                }
                next.put(key, e);
                findings.addAll(e.findings);
            } catch (IOException | UnsupportedOperationException unreadable) {
                // what the launcher cannot read, the agent (same user, fewer rights) cannot either
            }
        }
        if (read > 0 || next.size() != cache.size()) { // else the cache holds exactly these entries already
            saveCache(walk.root(), next);
        }
        findings.sort(java.util.Comparator.comparing(Finding::file).thenComparingInt(Finding::line));
        return new Result(findings, "built-in", read, cached);
    }

    private static List<Finding> scanFile(String rel, Path file, long size) throws IOException {
        if (size == 0 || size > MAX_BYTES) {
            return List.of();
        }
        byte[] data = Files.readAllBytes(file);
        for (int i = 0; i < Math.min(data.length, 8000); i++) {
            if (data[i] == 0) {
                return List.of(); // binary
            }
        }
        return Detectors.scan(rel, new String(data, StandardCharsets.UTF_8));
    }

    private Path cacheFile(Path root) {
        return WorkspaceFiles.cacheFile(cacheDir, root, ".txt");
    }

    /**
     * The cache is plain text, one "F ino size ctime path" line per file followed by its "L line rule preview" lines
     * (tab-separated), so the start path needs no JSON library. Paths with tabs or newlines are not cached.
     */
    private Map<String, Entry> loadCache(Path root) {
        if (cacheDir == null || !Files.isRegularFile(cacheFile(root))) {
            return Map.of();
        }
        Map<String, Entry> out = new HashMap<>();
        try {
            String path = null;
            long[] meta = null;
            List<Finding> findings = null;
            for (String line : Files.readAllLines(cacheFile(root))) {
                String[] f = line.split("\t", 5);
                if (f[0].equals("F") && f.length == 5) {
                    if (path != null) {
                        out.put(path, new Entry(meta[0], meta[1], meta[2], findings));
                    }
                    meta = new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
                    path = f[4];
                    findings = new ArrayList<>();
                } else if (f[0].equals("L") && f.length == 4 && path != null) {
                    findings.add(new Finding(path, Integer.parseInt(f[1]), f[2], f[3]));
                }
            }
            if (path != null) {
                out.put(path, new Entry(meta[0], meta[1], meta[2], findings));
            }
            return out;
        } catch (IOException | RuntimeException corrupt) {
            return Map.of(); // a broken cache only costs a full scan
        }
    }

    private void saveCache(Path root, Map<String, Entry> entries) {
        if (cacheDir == null) {
            return;
        }
        StringBuilder b = new StringBuilder();
        entries.forEach((path, e) -> {
            if (path.indexOf('\t') < 0 && path.indexOf('\n') < 0 && path.indexOf('\r') < 0) {
                b.append("F\t").append(e.ino).append('\t').append(e.size).append('\t').append(e.ctime).append('\t').append(path).append('\n');
                for (Finding f : e.findings) {
                    b.append("L\t").append(f.line()).append('\t').append(f.rule()).append('\t').append(f.preview()).append('\n');
                }
            }
        });
        Path f = cacheFile(root);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, b);
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a missing cache only costs time on the next start
        }
    }

    private Optional<Path> onPath(String tool) {
        String path = env.getOrDefault("PATH", "");
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Optional.of(Path.of(d, tool));
            }
        }
        return Optional.empty();
    }
}
