package io.paude.steps.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * paude installed from its release archive into a fresh directory outside the checkout, as a user does
 * (docs/install.md): the archive unpacked under {@code share/}, made read-only, its command reached through a
 * symlink in {@code bin/}, run from a directory of its own with a HOME of its own and no checkout on PATH.
 */
public final class Installation implements AutoCloseable {
    private final Path root;
    private final Path dir;

    private Installation(Path root, Path dir) {
        this.root = root;
        this.dir = dir;
    }

    /**
     * Under Maven, the archive 'mvn package' built ({@code paude.dist}); under {@code paude verify}, the installation
     * the launcher under test runs from ({@code <dir>/lib/paude.jar} next to {@code <dir>/bin/paude}), copied.
     */
    public static Installation unpack() {
        Path source = source();
        Path root = tempDir();
        Path share = mkdirs(root.resolve("share"));
        Cmd.Result r = source.toString().endsWith(".tar.gz")
                ? Cmd.run(List.of("tar", "-xzf", source.toString(), "-C", share.toString()), Map.of(), Duration.ofMinutes(2))
                : Cmd.run(List.of("cp", "-R", source.toString(), share.toString()), Map.of(), Duration.ofMinutes(2));
        if (r.exit() != 0) {
            throw new AssertionError("cannot unpack " + source + ": " + r);
        }
        List<Path> unpacked = list(share);
        if (unpacked.size() != 1) {
            throw new AssertionError("the archive must hold one directory, paude-<version>/; it holds " + unpacked);
        }
        Path dir = unpacked.get(0);
        mkdirs(root.resolve("bin"));
        mkdirs(root.resolve("home"));
        mkdirs(root.resolve("work"));
        run(List.of("ln", "-s", dir.resolve("bin/paude").toString(), root.resolve("bin/paude").toString()));
        run(List.of("chmod", "-R", "a-w", dir.toString()));
        return new Installation(root, dir);
    }

    private static Path source() {
        String dist = System.getProperty("paude.dist");
        if (dist != null) {
            Path archive = Path.of(dist).toAbsolutePath();
            if (!Files.isRegularFile(archive)) {
                throw new AssertionError("the release archive " + archive + " is missing; build it with 'mvn package'");
            }
            return archive;
        }
        Path installed = Suite.jar().getParent().getParent();
        if (!Suite.jar().getParent().endsWith("lib") || !Files.isRegularFile(installed.resolve("bin/paude"))) {
            throw new AssertionError("no release archive to install: the launcher " + Suite.jar() + " is not the lib/paude.jar"
                    + " of an installation; install paude from paude-<version>.tar.gz (docs/install.md) and run its"
                    + " 'paude verify', or set -Dpaude.dist to the archive");
        }
        return installed;
    }

    /** The unpacked {@code paude-<version>/} directory. */
    public Path dir() {
        return dir;
    }

    /** The user's own cache directory (the HOME the command runs with has no XDG_CACHE_HOME). */
    public Path userCache() {
        return root.resolve("home/.cache/paude");
    }

    /** {@code paude <args>} through the symlink, from the user's own directory, with only the JDK and /usr/bin on PATH. */
    public Cmd.Result paude(List<String> args, Duration timeout) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", root.resolve("work").toString(),
                root.resolve("bin/paude").toString()));
        argv.addAll(args);
        Map<String, String> env = new TreeMap<>(Map.of("HOME", root.resolve("home").toString(),
                "PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/local/bin:/usr/bin:/bin"));
        for (String unset : List.of("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "JAVA_HOME")) {
            env.put(unset, null);
        }
        return Cmd.run(argv, env, timeout);
    }

    /** Every file of the installation with its size and modification time: what must not change when it runs. */
    public Map<String, String> files() {
        try (Stream<Path> walk = Files.walk(dir)) {
            Map<String, String> files = new TreeMap<>();
            for (Path p : walk.toList()) {
                files.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        run(List.of("chmod", "-R", "u+w", root.toString()));
        run(List.of("rm", "-rf", root.toString()));
    }

    private static void run(List<String> argv) {
        Cmd.Result r = Cmd.run(argv, Map.of(), Duration.ofMinutes(1));
        if (r.exit() != 0) {
            throw new AssertionError(r.toString());
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("paude-install-").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
