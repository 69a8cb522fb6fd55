package io.paude.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the engine's CLI for {@link CliEngine}: every call through the {@code Function<List<String>, ProcessBuilder>}
 * seam, with a timeout, its output read, and a failure turned into an {@link EngineException} that carries the
 * engine's stderr and, where the cause is known, its fix.
 */
final class EngineCli {
    /** The timeout of an ordinary call. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final EngineKind kind;
    private final Function<List<String>, ProcessBuilder> processes;
    /** The engine answered a call: a failing call is that call's own failure. */
    private volatile boolean answered;

    EngineCli(EngineKind kind, Function<List<String>, ProcessBuilder> processes) {
        this.kind = kind;
        this.processes = processes;
    }

    EngineKind kind() {
        return kind;
    }

    /** The server version; throws when the engine does not answer, with the fix. */
    String version() {
        Result r = run(List.of("version", "--format", kind == EngineKind.DOCKER ? "{{.Server.Version}}" : "{{.Version}}"),
                Duration.ofSeconds(20), null);
        if (r.code != 0 || r.out.isBlank()) {
            throw new EngineException(kind.executable() + " is installed but its engine does not answer: " + firstLine(r.err),
                    kind == EngineKind.DOCKER ? "start the daemon (sudo systemctl start docker, or dockerd &)"
                            : "check 'podman info'; rootful podman needs root, rootless needs a user session");
        }
        answered = true;
        return r.out.strip();
    }

    /** Builds the process for argv (without the executable) through the seam. */
    ProcessBuilder builder(List<String> argv) {
        List<String> full = new ArrayList<>();
        full.add(kind.executable());
        full.addAll(argv);
        return processes.apply(full);
    }

    /** {@link #call(List, Duration)} with the ordinary timeout, failing unless the call exits 0. */
    Result check(List<String> argv) {
        Result r = call(argv);
        if (r.code != 0) {
            throw failed(argv, r);
        }
        return r;
    }

    Result call(List<String> argv) {
        return call(argv, TIMEOUT);
    }

    /**
     * Runs the engine's CLI. A call that fails before the engine has answered once asks it for its version first:
     * an engine that does not answer is reported as that, with its fix, whichever call met it first (the start does
     * not wait for a version check of its own when the engine was named).
     */
    Result call(List<String> argv, Duration timeout) {
        Result r = run(argv, timeout, null);
        if (r.code == 0) {
            answered = true;
        } else if (!answered) {
            version();
        }
        return r;
    }

    /** Runs the engine's CLI with {@code input} (or nothing: /dev/null) on its standard input. */
    Result run(List<String> argv, Duration timeout, byte[] input) {
        Process p;
        try {
            p = builder(argv).redirectInput(input != null ? ProcessBuilder.Redirect.PIPE
                    : ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw notFound(e);
        }
        if (input != null) {
            try (var in = p.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                // the command ended before it read its input: its exit code and message say why
            }
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new EngineException("'" + kind.executable() + " " + String.join(" ", argv) + "' did not finish in "
                        + timeout.toSeconds() + " s", "check that the engine is healthy ('" + kind.executable() + " info')");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while running " + kind.executable(), "run the command again");
        }
    }

    /** Runs a command on the host (not the engine's CLI) through the seam; its failure is only its result. */
    Result host(List<String> argv) {
        Process p;
        try {
            p = processes.apply(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return new Result(127, "", e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, "", "timed out");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "", "interrupted");
        }
    }

    int attached(List<String> argv) {
        return attached(builder(argv).inheritIO());
    }

    /**
     * Runs the engine's CLI attached to this terminal. Interrupted (a {@link ContainerEngine#awaitStop} that returned,
     * see session/SandboxWatch), it ends the CLI process rather than leave it waiting on a container that is gone.
     */
    int attached(ProcessBuilder pb) {
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw notFound(e);
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException again) {
                p.destroyForcibly();
            }
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    EngineException notFound(IOException e) {
        return new EngineException(kind.executable() + " was not found on the PATH (" + e.getMessage() + ")",
                "install " + kind.executable() + " or choose the other engine with --engine / PAUDE_ENGINE");
    }

    EngineException failed(List<String> argv, Result r) {
        return new EngineException("'" + kind.executable() + " " + String.join(" ", argv) + "' failed (exit " + r.code + "): "
                + r.err.strip(), fixFor(r.err));
    }

    /** The fix for an engine failure whose cause is known; otherwise the engine's own message is all there is. */
    static String fixFor(String err) {
        if (err.contains("crun") && err.contains("hybrid mode")) {
            // Debian's podman takes crun when it is installed alone; crun refuses hosts with controllers in both cgroup
            // hierarchies, runc does not.
            return "this host mixes cgroup v1 and v2, which crun refuses: install runc (apt-get install runc) and set "
                    + "runtime = \"runc\" under [engine] in /etc/containers/containers.conf or a file of /etc/containers/containers.conf.d/ "
                    + "('.ci/setup-engine podman' does both)";
        }
        return "see the engine's message above";
    }

    /** The engine's command line runs as root (paude's own user). */
    static boolean byRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }

    static List<String> lines(String s) {
        return Arrays.stream(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** What a call of the CLI ended with. */
    record Result(int code, String out, String err) {
    }
}
