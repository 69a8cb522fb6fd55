package io.paude.githistory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The git settings every git process in the sandbox gets through its environment
 * ({@code GIT_CONFIG_COUNT}, {@code GIT_CONFIG_KEY_n}, {@code GIT_CONFIG_VALUE_n}). Git reads them after the system,
 * global and repository files, so {@code git config gc.pruneExpire now} written by the agent does not weaken them
 * for the session. They repeat the image's {@code /etc/gitconfig} so they hold with any image.
 *
 * <p>What remains possible, and why the host-side backup is the real guarantee: a process can start git with its own
 * environment ({@code env -u GIT_CONFIG_COUNT git ...}) or override a key with {@code git -c}, and explicit commands
 * ({@code git reflog expire --expire=now --all}, {@code git gc --prune=now}) name their own expiry.
 */
final class SandboxGitConfig {
    static final Map<String, String> SETTINGS = settings();

    private SandboxGitConfig() {
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("core.logAllRefUpdates", "always");
        s.put("gc.reflogExpire", "never");
        s.put("gc.reflogExpireUnreachable", "never");
        s.put("gc.pruneExpire", "never");
        s.put("gc.worktreePruneExpire", "never");
        s.put("gc.auto", "0");
        s.put("maintenance.auto", "false");
        return s;
    }

    /**
     * The environment that adds {@link #SETTINGS} after any {@code GIT_CONFIG_*} entries another guard already set,
     * so families that both configure git through the environment do not overwrite each other.
     */
    static Map<String, String> env(Map<String, String> existing) {
        int n = 0;
        String count = existing.get("GIT_CONFIG_COUNT");
        if (count != null) {
            n = Integer.parseInt(count.strip());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : SETTINGS.entrySet()) {
            env.put("GIT_CONFIG_KEY_" + n, e.getKey());
            env.put("GIT_CONFIG_VALUE_" + n, e.getValue());
            n++;
        }
        env.put("GIT_CONFIG_COUNT", Integer.toString(n));
        return env;
    }
}
