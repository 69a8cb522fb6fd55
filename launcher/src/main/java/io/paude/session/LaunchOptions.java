package io.paude.session;

import io.paude.settings.Settings;
import java.util.Objects;

/**
 * A session to launch: its settings as the {@code Resolver} made them (the sandbox's policy and what the
 * session needs beside it), and how the terminal is attached.
 *
 * @param settings the policy, engine options, audit and guard options; the one copy of each
 * @param stdin    attach standard input
 * @param tty      allocate a terminal (interactive use)
 */
public record LaunchOptions(Settings settings, boolean stdin, boolean tty) {
    public LaunchOptions {
        Objects.requireNonNull(settings, "settings");
    }
}
