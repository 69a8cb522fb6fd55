package io.paude.images;

import io.paude.plan.ImageRefs;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineException;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds the agent and proxy images. Where the base image cannot be pulled (air-gapped machines, CI without a
 * registry), it makes one locally from a Debian mirror with debootstrap, and says so.
 */
public final class ImageBuilder {
    public static final String DEFAULT_BASE = "debian:bookworm-slim";
    public static final String LOCAL_BASE = "paude-base:bookworm";
    /** Where Debian keeps the CA certificates added to the host's trust store by hand (update-ca-certificates). */
    public static final String HOST_CAS = "/usr/local/share/ca-certificates";

    private final ContainerEngine engine;
    private final PrintWriter err;
    private final Progress progress;

    /** Builds with {@code engine}; says what it does, and each long step with its elapsed time, on {@code err}. */
    public ImageBuilder(ContainerEngine engine, PrintWriter err) {
        this(engine, err, Progress.on(err));
    }

    ImageBuilder(ContainerEngine engine, PrintWriter err, Progress progress) {
        this.engine = engine;
        this.err = err;
        this.progress = progress;
    }

    /**
     * The CA certificates added to the host's trust store by hand ({@code *.crt} in {@code dir}, by name): what the
     * agent build trusts, besides Node's own list, when no {@code --build-ca} is given. A network that re-signs TLS
     * has its CA there, and the host trusts it already; none there, none added.
     */
    public static List<Path> hostCas(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".crt") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException noneThere) {
            return List.of();
        }
    }

    /**
     * @param base           base image; {@link #DEFAULT_BASE} unless given
     * @param fromMirror     skip pulling and make the base from a Debian mirror
     * @param mirror         Debian mirror URL, or null to take the host's apt source
     * @param buildCas       PEM files trusted while the agent image downloads Claude Code (for networks whose
     *                       egress re-signs TLS); not added to the image's trust store. None given: {@link #hostCas}
     */
    public void build(ImageRefs refs, String base, boolean fromMirror, String mirror, List<Path> buildCas) {
        String effectiveBase = resolveBase(base, fromMirror, mirror);
        Path work;
        try {
            work = Files.createTempDirectory("paude-images");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            buildOne("proxy", refs.proxy(), Map.of("BASE_IMAGE", effectiveBase), work);
            Map<String, String> agentArgs = new java.util.LinkedHashMap<>(Map.of("BASE_IMAGE", effectiveBase));
            List<Path> cas = buildCas.isEmpty() ? hostCas(Path.of(HOST_CAS)) : buildCas;
            if (!cas.isEmpty()) {
                err.println("paude: the Claude Code download trusts " + String.join(", ", cas.stream().map(Path::toString).toList())
                        + " besides Node's own CAs (not added to the image's trust store)");
                agentArgs.put("EXTRA_CA_CERT", readAll(cas));
            }
            buildOne("agent", refs.agent(), agentArgs, work);
        } finally {
            deleteTree(work);
        }
    }

    private static String readAll(List<Path> files) {
        StringBuilder pem = new StringBuilder();
        for (Path f : files) {
            try {
                pem.append(Files.readString(f)).append('\n');
            } catch (IOException e) {
                throw new EngineException("cannot read the CA certificate " + f + ": " + e.getMessage(), "check the --build-ca path");
            }
        }
        return pem.toString();
    }

    private void buildOne(String name, String tag, Map<String, String> args, Path work) {
        Path context = ImageSources.extract(name, work);
        String doing = "building " + tag + " from " + args.get("BASE_IMAGE");
        if (progress.streams()) {
            progress.step(doing, "built " + tag, () -> engine.build(context, tag, args));
        } else {
            quietly("build-" + name, log -> progress.step(doing, "built " + tag, () -> engine.build(context, tag, args, log)));
        }
    }

    /** Runs {@code step} with a log for its tools' output: removed when it passes, its tail shown when it fails. */
    private void quietly(String name, Consumer<Path> step) {
        Path log;
        try {
            log = Files.createTempFile("paude-" + name + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            step.accept(log);
        } catch (RuntimeException e) {
            progress.tail(log);
            throw e;
        }
        log.toFile().delete();
    }

    private String resolveBase(String base, boolean fromMirror, String mirror) {
        if (fromMirror) {
            return localBase(mirror);
        }
        String b = base != null ? base : DEFAULT_BASE;
        if (engine.imageExists(b)) {
            return b;
        }
        if (progress.step("pulling base image " + b, pulled -> pulled ? "pulled " + b : b + " could not be pulled",
                () -> engine.pull(b))) {
            return b;
        }
        if (base != null) {
            throw new EngineException("base image " + b + " is not present and cannot be pulled",
                    "pull or load it, or make one from a Debian mirror with --base-from-mirror");
        }
        return localBase(mirror);
    }

    private String localBase(String mirror) {
        if (engine.imageExists(LOCAL_BASE)) {
            err.println("paude: using the local base image " + LOCAL_BASE + " (made earlier from a Debian mirror)");
            return LOCAL_BASE;
        }
        String url = mirror != null ? mirror : DebianMirror.fromHost(Path.of("/etc/apt"));
        Path root = null;
        Path tar = null;
        try {
            Path rootfs = Files.createTempDirectory("paude-rootfs");
            Path tarball = Files.createTempFile("paude-rootfs", ".tar");
            root = rootfs;
            tar = tarball;
            String doing = "making " + LOCAL_BASE + " with debootstrap from " + url + " (about 30 s to a few minutes)";
            String done = "made " + LOCAL_BASE + " locally from " + url;
            Consumer<Path> steps = log -> progress.step(doing, done, () -> {
                run(List.of("debootstrap", "--variant=minbase", "bookworm", rootfs.toString(), url), "debootstrap",
                        "install debootstrap (apt-get install debootstrap) and run as root, or pass --base IMAGE", log);
                run(List.of("tar", "-C", rootfs.toString(), "-cf", tarball.toString(), "."), "tar", "check free disk space", log);
                engine.importRootfs(tarball, LOCAL_BASE);
            });
            if (progress.streams()) {
                steps.accept(null);
            } else {
                quietly("debootstrap", steps);
            }
            return LOCAL_BASE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (root != null) {
                deleteTree(root);
            }
            if (tar != null) {
                tar.toFile().delete();
            }
        }
    }

    /** Runs {@code argv}, its output to {@code log} (appended), or to this process's when null. */
    private void run(List<String> argv, String what, String fix, Path log) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(log == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new EngineException(what + " failed" + (p.isAlive() ? " (timed out)" : " (exit " + p.exitValue() + ")"), fix);
            }
        } catch (IOException e) {
            throw new EngineException(what + " could not be started: " + e.getMessage(), fix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(what + " was interrupted", "run the build again");
        }
    }

    private static void deleteTree(Path dir) {
        try {
            new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).redirectOutput(new File("/dev/null")).start().waitFor();
        } catch (IOException e) {
            // a temp directory left behind is harmless
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
