package io.paude.settings;

import io.paude.config.PaudeConfig.SecretSettings;
import java.util.List;
import java.util.Objects;

/**
 * What the guard families take from a session's settings. The overrides are the user's, from the command line only
 * (a configuration file cannot set them); a guard that honours one warns about it and records it in the session
 * directory.
 *
 * @param allowUntrustedPlugins start with plugins the user has not approved ({@code --allow-untrusted-plugins})
 * @param allowSecrets          start although the pre-flight scan found secrets ({@code --allow-secrets})
 * @param allowTrackedSecrets   start although masked files are tracked by git ({@code --allow-tracked-secrets})
 * @param secrets               the secrets to pass as files under /run/secrets ({@code --secret}), each name once
 * @param gitBackupsKeep        git backups kept per repository, at least 1
 * @param secretFiles           the files to mask and the files the scan accepts, of both configuration files
 */
public record GuardOptions(boolean allowUntrustedPlugins, boolean allowSecrets, boolean allowTrackedSecrets,
        List<SecretRef> secrets, int gitBackupsKeep, SecretSettings secretFiles) {
    /** Kept when neither {@code --git-backups-keep}, the variable nor the user's file says. */
    public static final int DEFAULT_GIT_BACKUPS_KEEP = 10;
    /** No override, no secret, the default number of backups, no pattern: a session with no flag and no file. */
    public static final GuardOptions NONE = new GuardOptions(false, false, false, List.of(), DEFAULT_GIT_BACKUPS_KEEP,
            SecretSettings.NONE);

    public GuardOptions {
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(secretFiles, "secretFiles");
        if (gitBackupsKeep < 1) {
            throw new IllegalArgumentException("gitBackupsKeep must be at least 1: " + gitBackupsKeep);
        }
    }
}
