package io.paude.githistory;

import io.paude.hostgit.ConfigFile;
import io.paude.hostgit.GitView;
import io.paude.hostgit.HostGit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration of a {@code .git} that {@code paude git restore} rebuilds: written by paude, not copied. It keeps
 * what says where history comes from and goes to (remotes with URLs of ordinary transports, branches' upstreams, the
 * user's identity) and the repository's format; it drops everything else, so nothing an agent planted in the
 * configuration that was backed up (a command, an include, a filter, a rewritten URL) comes back with the restore.
 */
final class RestoredConfig {
    private static final List<Pattern> KEPT = java.util.stream.Stream.of(
            "remote\\.[^\\n]+\\.(url|pushurl|fetch|push|tagopt|prune|mirror)",
            "branch\\.[^\\n]+\\.(remote|merge|rebase|pushremote)",
            "user\\.(name|email)", "core\\.(ignorecase|precomposeunicode|symlinks|filemode)")
            .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
    /** URLs of transports that run no program of the repository's choosing: not ext::, fd:: or other helpers. */
    private static final Pattern SAFE_URL = Pattern.compile("(https?|ssh|git|file)://.*|[^:/]+@[^:]+:.*|/.*|\\.{1,2}/.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private RestoredConfig() {
    }

    /** Writes into {@code target} the restored configuration for the backed-up {@code original}; returns what was dropped. */
    static List<String> write(Path original, Path target) {
        try {
            Files.writeString(target, GitView.config(original, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigFile config = HostGit.readConfigFile(original);
        List<String> dropped = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : config.entries()) {
            if (kept(e.getKey(), e.getValue())) {
                HostGit.addToConfigFile(target, e.getKey(), e.getValue());
            } else if (!e.getKey().toLowerCase(Locale.ROOT).matches("core\\.(repositoryformatversion|bare|logallrefupdates)|extensions\\.objectformat")) {
                dropped.add(e.getKey());
            }
        }
        return dropped;
    }

    static boolean kept(String key, String value) {
        if (KEPT.stream().noneMatch(p -> p.matcher(key).matches())) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        return !(k.endsWith(".url") || k.endsWith(".pushurl")) || SAFE_URL.matcher(value).matches() && !value.contains("::");
    }
}
