package io.paude.githistory;

import io.paude.policy.PolicyException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host's {@code git} on a repository the agent could write. Every call has a timeout and a checked exit
 * code. The repository's own configuration may have been written by the agent, so every call disables what would
 * execute a program from it (hooks, fsmonitor) and reads no system or global configuration.
 */
final class Git {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    private Git() {
    }

    /** Whether a {@code git} executable is on the PATH. */
    static boolean available() {
        try {
            return call(null, List.of("--version")).ok();
        } catch (PolicyException e) {
            return false;
        }
    }

    /** Runs git with {@code gitDir} as its repository; throws unless it exits 0. */
    static String run(Path gitDir, String... args) {
        Result r = call(gitDir, List.of(args));
        if (!r.ok()) {
            throw new PolicyException("git " + String.join(" ", args) + " failed in " + gitDir + " (exit " + r.exit + "): "
                    + r.err.strip(), "check the repository with 'git fsck'; rerun with --stacktrace for details");
        }
        return r.out;
    }

    static Result call(Path gitDir, List<String> args) {
        return call(gitDir, args, null);
    }

    /** Runs git with {@code input} as its standard input (null: none); throws unless it exits 0. */
    static String runWithInput(Path gitDir, String input, String... args) {
        Result r = call(gitDir, List.of(args), input);
        if (!r.ok()) {
            throw new PolicyException("git " + args[0] + " failed in " + gitDir + " (exit " + r.exit + "): " + r.err.strip(),
                    "check the repository with 'git fsck'; rerun with --stacktrace for details");
        }
        return r.out;
    }

    private static Result call(Path gitDir, List<String> args, String input) {
        List<String> argv = new ArrayList<>(List.of("git", "--no-pager",
                "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "safe.directory=*",
                "-c", "gc.auto=0", "-c", "maintenance.auto=false"));
        if (gitDir != null) {
            argv.add("--git-dir=" + gitDir);
        }
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_"));
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("LC_ALL", "C");
        Path out = null;
        Path err = null;
        Path in = null;
        try {
            if (input != null) {
                in = Files.createTempFile("paude-git-", ".in");
                Files.writeString(in, input, StandardCharsets.UTF_8);
                pb.redirectInput(in.toFile());
            }
            out = Files.createTempFile("paude-git-", ".out");
            err = Files.createTempFile("paude-git-", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new PolicyException("git " + String.join(" ", args) + " did not finish within " + TIMEOUT.toMinutes()
                        + " minutes", "check the repository " + gitDir);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PolicyException("cannot run git: " + e.getMessage(), "install git on the host");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyException("interrupted while running git", "run the command again");
        } finally {
            delete(out);
            delete(err);
            delete(in);
        }
    }

    private static void delete(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
