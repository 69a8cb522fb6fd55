package io.paude.images;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The long steps of an image build (a base image pulled or made with debootstrap, each image built), on stderr. On
 * a terminal, a line as a step starts, its tools' own output, and a line with its elapsed time as it ends; elsewhere
 * (CI logs, scripts) only the ending line of each step, the tools' output kept in a log whose tail is shown if the
 * step fails.
 */
final class Progress {
    /** Lines of a failed step's log shown. */
    static final int TAIL = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier nanos;

    Progress(PrintWriter err, boolean terminal, LongSupplier nanos) {
        this.err = err;
        this.terminal = terminal;
        this.nanos = nanos;
    }

    static Progress on(PrintWriter err) {
        return new Progress(err, stderrIsTerminal(), System::nanoTime);
    }

    /** Whether this process's stderr is a terminal (Java tells that of stdin and stdout only). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Whether the steps' own output streams (a terminal); otherwise it goes to a log. */
    boolean streams() {
        return terminal;
    }

    /** Runs {@code body} as the step {@code doing} ("building X"); {@code done} ("built X") ends its line. */
    <T> T step(String doing, String done, Supplier<T> body) {
        return step(doing, result -> done, body);
    }

    /** As {@link #step(String, String, Supplier)}, the ending line told by the result ("pulled X", "X cannot be pulled"). */
    <T> T step(String doing, java.util.function.Function<T, String> done, Supplier<T> body) {
        long start = nanos.getAsLong();
        if (terminal) {
            line(doing + "...");
        }
        try {
            T result = body.get();
            line(done.apply(result) + " in " + seconds(start));
            return result;
        } catch (RuntimeException e) {
            line(doing + " failed after " + seconds(start));
            throw e;
        }
    }

    void step(String doing, String done, Runnable body) {
        step(doing, done, () -> {
            body.run();
            return null;
        });
    }

    /** The last {@link #TAIL} lines of a failed step's {@code log}, so that a CI log shows why. */
    void tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            line("the last lines of " + log + ":");
            lines.subList(Math.max(0, lines.size() - TAIL), lines.size()).forEach(l -> err.println("  " + l));
            err.flush();
        } catch (IOException e) {
            line("no log to show: " + e.getMessage());
        }
    }

    private void line(String text) {
        err.println("paude: " + text);
        err.flush();
    }

    private String seconds(long start) {
        long s = Math.round((nanos.getAsLong() - start) / 1e9);
        return s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }
}
