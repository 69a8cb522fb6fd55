package io.paude.steps.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a host process with a timeout and captures everything; the suite's only way to start processes. */
public final class Cmd {
    private Cmd() {
    }

    public record Result(List<String> argv, int exit, String out, String err) {
        public String both() {
            return out + err;
        }

        @Override
        public String toString() {
            return String.join(" ", argv) + "\n  exit " + exit + "\n  stdout: " + out.strip() + "\n  stderr: " + err.strip();
        }
    }

    /** What a process wrote, byte for byte: for the checks of what reaches the user's terminal. */
    public record Bytes(List<String> argv, int exit, byte[] out, byte[] err) {
        public Result decoded() {
            return new Result(argv, exit, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        }
    }

    public static Result run(List<String> argv, Map<String, String> env, Duration timeout) {
        return runBytes(argv, env, timeout).decoded();
    }

    public static Bytes runBytes(List<String> argv, Map<String, String> env, Duration timeout) {
        return runBytes(argv, env, timeout, null);
    }

    /** Removes each of {@code paths} that is not null, with what is below it (files the agent's user owns included). */
    public static void removeTrees(Path... paths) {
        for (Path p : paths) {
            if (p != null) {
                run(List.of("rm", "-rf", p.toString()), Map.of(), Duration.ofSeconds(60));
            }
        }
    }

    /** {@code argv} with {@code input} on its standard input (a value that must not appear in a command line). */
    public static Result runWithInput(List<String> argv, String input) {
        return runBytes(argv, Map.of(), Duration.ofMinutes(3), input.getBytes(java.nio.charset.StandardCharsets.UTF_8)).decoded();
    }

    private static Bytes runBytes(List<String> argv, Map<String, String> env, Duration timeout, byte[] input) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (input == null) {
            pb.redirectInput(new File("/dev/null"));
        }
        env.forEach((k, v) -> { // a null value removes the variable the suite inherited
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Process p = pb.start();
            if (input != null) {
                try (var stdin = p.getOutputStream()) {
                    stdin.write(input);
                }
            }
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", argv));
            }
            return new Bytes(argv, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] read(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
