package io.paude.githistory;

import io.paude.hostgit.ConfigFile;
import io.paude.hostgit.HostGit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What in a repository makes the user's own git run a program later, on the host: its configuration files (the
 * repository's, {@code config.worktree}, linked worktrees' and submodules'), hooks, and attributes that select filters
 * and diff drivers. An agent that changes them leaves a delayed execution behind the sandbox; the launcher compares
 * each with the backup taken at the start (by type and content, links included) and reports every change with its
 * value before and after. {@code paude git restore --config} puts the backed-up ones back.
 */
final class ExecutableConfig {
    /** Keys (lower case, git's canonical form) whose value git executes or that pull in other files. */
    private static final List<Pattern> EXECUTES = Stream.of(
            "core\\.hookspath", "core\\.fsmonitor", "core\\.sshcommand", "core\\.editor", "core\\.pager", "core\\.askpass",
            "core\\.gitproxy", "core\\.alternaterefscommand", "core\\.attributesfile", "core\\.worktree",
            "sequence\\.editor", "diff\\.external", "diff\\..*\\.(textconv|command)", "difftool\\..*\\.(cmd|path)",
            "mergetool\\..*\\.(cmd|path)", "merge\\..*\\.driver", "filter\\..*\\.(clean|smudge|process|required)",
            "credential\\.helper", "credential\\..*\\.helper", "gpg\\.program", "gpg\\..*\\.program", "pager\\..*",
            "remote\\..*\\.(uploadpack|receivepack|vcs)", "include\\.path", "includeif\\..*\\.path", "web\\.browser",
            "browser\\..*\\.(cmd|path)", "man\\..*\\.(cmd|path)", "uploadpack\\.packobjectshook", "protocol\\..*\\.allow",
            "url\\..*\\.(insteadof|pushinsteadof)", "extensions\\..*", "submodule\\..*\\.update", "sendemail\\..*cmd",
            "instaweb\\..*", "gui\\..*", "guitool\\..*\\.cmd", "trailer\\..*\\.command", "trailer\\..*\\.cmd",
            "http\\..*sslcert.*", "http\\..*sslkey.*", "bundle\\..*")
            .map(Pattern::compile).toList();
    /** Keys that send what the user fetches or pushes elsewhere. */
    private static final List<Pattern> REDIRECTS = Stream.of("remote\\..*\\.(url|pushurl)")
            .map(Pattern::compile).toList();
    /** Keys that, in the repository's config, would make the user's own git forget history after the session. */
    private static final List<Pattern> FORGETS = Stream.of("core\\.logallrefupdates", "gc\\..*")
            .map(Pattern::compile).toList();
    private static final Pattern CONFIG = Pattern.compile("(modules/.+/)?config(\\.worktree)?|worktrees/[^/]+/config\\.worktree");
    private static final Pattern HOOKS = Pattern.compile("(modules/.+/)?hooks(/[^/]+)?");
    private static final Pattern ATTRIBUTES = Pattern.compile("(modules/.+/)?info/attributes");

    private ExecutableConfig() {
    }

    /** One finding: a file or a configuration key that changed, with its value before and after (null: absent). */
    record Change(String what, String before, String after, String why) {
        String describe() {
            String b = before == null ? "(absent)" : before;
            String a = after == null ? "(removed)" : after;
            return what + ": " + b + " -> " + a + " [" + why + "]";
        }
    }

    /** Every change between {@code gitBefore} (the backup's copy) and {@code gitNow} that can run a program on the host. */
    static List<Change> between(Path gitBefore, Path gitNow) {
        Map<String, FileState> before = files(gitBefore);
        Map<String, FileState> now = files(gitNow);
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(now.keySet());
        List<Change> out = new ArrayList<>();
        for (String rel : paths) {
            FileState b = before.getOrDefault(rel, FileState.ABSENT);
            FileState a = now.getOrDefault(rel, FileState.ABSENT);
            if (b.equals(a)) {
                continue;
            }
            String what = ".git/" + rel;
            if (CONFIG.matcher(rel).matches() && b.isFile() && a.isFile()) {
                out.addAll(keys(what, HostGit.readConfigFile(gitBefore.resolve(rel)), HostGit.readConfigFile(gitNow.resolve(rel))));
            } else if (CONFIG.matcher(rel).matches() && !a.isFile() && !b.isFile() && (a == FileState.ABSENT || b == FileState.ABSENT)) {
                continue; // a directory entry that never was a file: nothing git reads
            } else if (CONFIG.matcher(rel).matches()) {
                out.add(new Change(what, b.describe(), a.describe(), a.isFile() || a == FileState.ABSENT
                        ? "configuration git reads on the host" : "configuration git reads on the host, through a link or special file"));
                if (a.isFile()) {
                    out.addAll(keys(what, HostGit.readConfigFile(gitBefore.resolve(rel)), HostGit.readConfigFile(gitNow.resolve(rel))));
                }
            } else if (HOOKS.matcher(rel).matches()) {
                if (!rel.endsWith(".sample") && !(a.isDir() && b.isDir())) {
                    out.add(new Change(what, b.describe(), a.describe(), "runs on the host when you use git here"));
                }
            } else if (ATTRIBUTES.matcher(rel).matches()) {
                out.add(new Change(what, b.describe() + lines(gitBefore, rel, b), a.describe() + lines(gitNow, rel, a),
                        "attributes choose the filters and diff drivers git runs on the host"));
            }
        }
        return out;
    }

    private static List<Change> keys(String file, ConfigFile before, ConfigFile now) {
        List<Change> out = new ArrayList<>();
        if (now.problem() != null && !Objects.equals(now.problem(), before.problem())) {
            out.add(new Change(file, "readable", "unreadable: " + now.problem(), "configuration git may still read on the host"));
        }
        Map<String, String> cb = before.joined();
        Map<String, String> cn = now.joined();
        TreeMap<String, String> all = new TreeMap<>(cb);
        all.putAll(cn);
        for (String key : all.keySet()) {
            String b = cb.get(key);
            String a = cn.get(key);
            String why = Objects.equals(a, b) ? null : why(key, b, a);
            if (why != null) {
                out.add(new Change(file + " " + key, b, a, why));
            }
        }
        return out;
    }

    private static String why(String key, String before, String after) {
        if (key.startsWith("alias.")) {
            boolean shell = after != null && after.strip().startsWith("!") || before != null && before.strip().startsWith("!");
            return shell ? "a shell alias runs a program" : null;
        }
        if (EXECUTES.stream().anyMatch(p -> p.matcher(key).matches())) {
            return "runs a program or loads other settings on the host";
        }
        if (REDIRECTS.stream().anyMatch(p -> p.matcher(key).matches())) {
            return "sends what you fetch or push to another place";
        }
        if (FORGETS.stream().anyMatch(p -> p.matcher(key).matches())) {
            return "changes how long history is kept on the host";
        }
        return null;
    }

    /** The files of {@code gitDir} this class watches, by path relative to it. */
    static Map<String, FileState> files(Path gitDir) {
        Map<String, FileState> m = new TreeMap<>();
        if (!Files.isDirectory(gitDir, LinkOption.NOFOLLOW_LINKS)) {
            return m;
        }
        try {
            Files.walkFileTree(gitDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String rel = gitDir.relativize(dir).toString().replace('\\', '/');
                    String last = dir.getFileName().toString();
                    if (!rel.isEmpty() && (List.of("objects", "refs", "logs", "lfs").contains(last) || rel.startsWith("rr-cache"))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (HOOKS.matcher(rel).matches()) {
                        m.put(rel, FileState.DIR);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = gitDir.relativize(file).toString().replace('\\', '/');
                    if (CONFIG.matcher(rel).matches() || HOOKS.matcher(rel).matches() || ATTRIBUTES.matcher(rel).matches()) {
                        m.put(rel, FileState.of(file, attrs));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private static String lines(Path gitDir, String rel, FileState s) {
        if (!s.isFile()) {
            return "";
        }
        try {
            List<String> l = Files.readAllLines(gitDir.resolve(rel)).stream().filter(x -> !x.isBlank()).limit(5).toList();
            return l.isEmpty() ? "" : " " + l;
        } catch (IOException e) {
            return "";
        }
    }

    /** A watched file's type and content: "file sha256:…", "link -> target", a directory, something else, or absent. */
    record FileState(String type, String detail) {
        static final FileState ABSENT = new FileState("absent", "");
        static final FileState DIR = new FileState("directory", "");

        static FileState of(Path file, BasicFileAttributes attrs) throws IOException {
            if (attrs.isSymbolicLink()) {
                return new FileState("link", Files.readSymbolicLink(file).toString());
            }
            if (attrs.isRegularFile()) {
                return new FileState("file", sha256(Files.readAllBytes(file)));
            }
            return new FileState(attrs.isDirectory() ? "directory" : "special file", "");
        }

        boolean isFile() {
            return type.equals("file");
        }

        boolean isDir() {
            return type.equals("directory");
        }

        String describe() {
            return switch (type) {
                case "file" -> "file sha256:" + detail.substring(0, 12);
                case "link" -> "link -> " + detail;
                default -> type;
            };
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
