package io.paude.config;

import java.util.Objects;

/**
 * The two configuration files of a session as read: the user's {@code config.json} and the workspace's
 * {@code paude.json} (only as the user approved it), each {@link PaudeConfig#EMPTY} when there is none. How they
 * combine, with each other and with the flags, is {@code settings/Resolver}'s: it is the one place of precedence.
 *
 * @param user    the user's own file; settings that protect the user from the agent come from here alone
 * @param project the workspace's file, which the agent can write
 */
public record ConfigFiles(PaudeConfig user, PaudeConfig project) {
    /** Neither file. */
    public static final ConfigFiles NONE = new ConfigFiles(PaudeConfig.EMPTY, PaudeConfig.EMPTY);

    public ConfigFiles {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(project, "project");
    }
}
