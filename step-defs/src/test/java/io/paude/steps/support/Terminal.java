package io.paude.steps.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A program under a real terminal: a detached tmux session of the given size, read back with {@code capture-pane}
 * and typed into with {@code send-keys}, as a user at a terminal would see and type.
 */
public final class Terminal implements AutoCloseable {
    private final String name;

    private Terminal(String name) {
        this.name = name;
    }

    /** Starts {@code argv} with {@code env} applied to the suite's environment (a null removes), under a 160x45 terminal. */
    public static Terminal start(List<String> argv, Map<String, String> env) {
        String name = "paude-test-" + Long.toHexString(System.nanoTime());
        StringBuilder line = new StringBuilder("env");
        env.forEach((k, v) -> { // env's options (-u) before the first assignment
            if (v == null) {
                line.append(" -u ").append(k);
            }
        });
        env.forEach((k, v) -> {
            if (v != null) {
                line.append(' ').append(k).append('=').append(quote(v));
            }
        });
        argv.forEach(a -> line.append(' ').append(quote(a)));
        line.append("; echo paude-exited-$?; sleep 600");
        Cmd.Result r = Cmd.run(List.of("tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "45", line.toString()),
                Map.of(), Duration.ofSeconds(20));
        if (r.exit() != 0) {
            throw new AssertionError("tmux could not start the terminal (is tmux installed? .ci/run installs it):\n" + r);
        }
        return new Terminal(name);
    }

    /** What the terminal shows now. */
    public String screen() {
        return Cmd.run(List.of("tmux", "capture-pane", "-p", "-t", name), Map.of(), Duration.ofSeconds(20)).out();
    }

    /** Types {@code text} and presses Enter. */
    public void type(String text) {
        Cmd.run(List.of("tmux", "send-keys", "-t", name, "-l", text), Map.of(), Duration.ofSeconds(20));
        Cmd.run(List.of("tmux", "send-keys", "-t", name, "Enter"), Map.of(), Duration.ofSeconds(20));
    }

    public void keys(String... keys) {
        List<String> a = new ArrayList<>(List.of("tmux", "send-keys", "-t", name));
        a.addAll(List.of(keys));
        Cmd.run(a, Map.of(), Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        Cmd.run(List.of("tmux", "kill-session", "-t", name), Map.of(), Duration.ofSeconds(20));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
