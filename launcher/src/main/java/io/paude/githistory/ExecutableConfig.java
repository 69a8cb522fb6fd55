package io.paude.githistory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What in a repository runs programs later, on the host, when the user runs git there: hooks, and configuration keys
 * whose value is a command (or that load more configuration, or weaken history keeping). An agent that changes them
 * leaves a delayed execution behind the sandbox; the launcher reports each change when the session ends.
 */
final class ExecutableConfig {
    /** Keys (lower case, git's canonical form) whose value git executes or that pull in other files. */
    private static final List<Pattern> EXECUTES = Stream.of(
            "core\\.hookspath", "core\\.fsmonitor", "core\\.sshcommand", "core\\.editor", "core\\.pager", "core\\.askpass",
            "core\\.gitproxy", "core\\.alternaterefscommand", "sequence\\.editor", "diff\\.external", "diff\\..*\\.(textconv|command)",
            "merge\\..*\\.driver", "filter\\..*\\.(clean|smudge|process)", "credential\\.helper", "credential\\..*\\.helper",
            "gpg\\.program", "gpg\\..*\\.program", "pager\\..*", "remote\\..*\\.(uploadpack|receivepack)", "include\\.path",
            "includeif\\..*\\.path", "web\\.browser", "browser\\..*\\.(cmd|path)", "man\\..*\\.(cmd|path)",
            "uploadpack\\.packobjectshook", "protocol\\..*\\.allow", "url\\..*\\.insteadof")
            .map(Pattern::compile).toList();
    /** Keys that, in the repository's config, would make the user's own git forget history after the session. */
    private static final List<Pattern> FORGETS = Stream.of("core\\.logallrefupdates", "gc\\..*")
            .map(Pattern::compile).toList();

    private ExecutableConfig() {
    }

    /** One finding: a hook or a configuration key that changed, with its value before and after (null: absent). */
    record Change(String what, String before, String after, String why) {
        String describe() {
            String b = before == null ? "(absent)" : before;
            String a = after == null ? "(removed)" : after;
            return what + ": " + b + " -> " + a + " [" + why + "]";
        }
    }

    static List<Change> between(Path gitBefore, Path gitNow) {
        List<Change> out = new ArrayList<>();
        Map<String, String> cb = config(gitBefore.resolve("config"));
        Map<String, String> cn = config(gitNow.resolve("config"));
        TreeMap<String, String> keys = new TreeMap<>(cb);
        keys.putAll(cn);
        for (String key : keys.keySet()) {
            String b = cb.get(key);
            String a = cn.get(key);
            if (Objects.equals(a, b)) {
                continue;
            }
            String why = why(key, b, a);
            if (why != null) {
                out.add(new Change(".git/config " + key, b, a, why));
            }
        }
        Map<String, String> hb = hooks(gitBefore.resolve("hooks"));
        Map<String, String> hn = hooks(gitNow.resolve("hooks"));
        TreeMap<String, String> names = new TreeMap<>(hb);
        names.putAll(hn);
        for (String name : names.keySet()) {
            String b = hb.get(name);
            String a = hn.get(name);
            if (!Objects.equals(a, b) && !name.endsWith(".sample")) {
                out.add(new Change(".git/hooks/" + name, b == null ? null : "sha256:" + b.substring(0, 12),
                        a == null ? null : "sha256:" + a.substring(0, 12), "runs on the host when you use git here"));
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
        if (FORGETS.stream().anyMatch(p -> p.matcher(key).matches())) {
            return "changes how long history is kept on the host";
        }
        return null;
    }

    /** Every key of a config file (multi-valued keys joined); read with git as a plain file, nothing executed. */
    static Map<String, String> config(Path file) {
        Map<String, String> m = new TreeMap<>();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return m;
        }
        Git.Result r = Git.call(null, List.of("config", "--file", file.toString(), "--null", "--list"));
        if (!r.ok()) {
            m.put("(unreadable config)", r.err().strip());
            return m;
        }
        for (String entry : r.out().split("\0")) {
            if (entry.isEmpty()) {
                continue;
            }
            int nl = entry.indexOf('\n');
            String key = (nl < 0 ? entry : entry.substring(0, nl)).toLowerCase(Locale.ROOT);
            String value = nl < 0 ? "true" : entry.substring(nl + 1);
            m.merge(key, value, (x, y) -> x + ", " + y);
        }
        return m;
    }

    /** Hook name to a digest of its content (links by their target). */
    static Map<String, String> hooks(Path dir) {
        Map<String, String> m = new TreeMap<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return m;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                byte[] content = Files.isSymbolicLink(p) ? ("link:" + Files.readSymbolicLink(p)).getBytes()
                        : Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0];
                m.put(p.getFileName().toString(), sha256(content));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
