package io.paude.hostgit;

import io.paude.Measure;
import io.paude.policy.PolicyException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code git} process paude starts on the host, in one place. The workspace's repository is the agent's to
 * write, so git here never runs under a configuration the agent could have written: no system or global file, no
 * {@code GIT_*} variable of the user's, and a repository whose configuration paude wrote: the backup store's
 * repositories, a repository being restored, or a {@link GitView} of the workspace's. docs/host-git.md lists what in
 * git can run a program and why none of it applies here. Every call has a timeout and reports git's exit code.
 */
public final class HostGit {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /**
     * Settings on the command line, read after every file: what would run a program is off even if a repository
     * configuration of paude's missed something. They do not replace keeping the agent's configuration out.
     */
    private static final List<String> SAFE = List.of(
            "core.hooksPath=/dev/null", "core.fsmonitor=false", "core.sshCommand=false", "core.askPass=",
            "core.pager=cat", "core.editor=false", "core.alternateRefsCommand=", "core.gitProxy=", "diff.external=",
            "credential.helper=", "protocol.allow=never", "protocol.file.allow=always", "uploadpack.packObjectsHook=",
            "safe.directory=*", "gc.auto=0", "maintenance.auto=false", "core.untrackedCache=false");

    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private HostGit() {
    }

    /** Whether a {@code git} executable is on the PATH. */
    public static boolean available() {
        try {
            return call(null, List.of("--version")).ok();
        } catch (PolicyException e) {
            return false;
        }
    }

    /** Runs git on a repository whose configuration paude wrote (null: none); throws unless it exits 0. */
    public static String run(Path gitDir, String... args) {
        Result r = call(gitDir, List.of(args));
        if (!r.ok()) {
            throw failed(gitDir, args[0], r);
        }
        return r.out;
    }

    /** Runs git with {@code input} as its standard input; throws unless it exits 0. */
    public static String runWithInput(Path gitDir, String input, String... args) {
        Result r = call(gitDir, List.of(args), input, Map.of());
        if (!r.ok()) {
            throw failed(gitDir, args[0], r);
        }
        return r.out;
    }

    /** Runs git on a repository whose configuration paude wrote (null: none). */
    public static Result call(Path gitDir, List<String> args) {
        return call(gitDir, args, null, Map.of());
    }

    static Result call(Path gitDir, List<String> args, String input, Map<String, String> extraEnv) {
        List<String> argv = new ArrayList<>(List.of("git", "--no-pager"));
        boolean quarantine = Measure.HOST_GIT_QUARANTINE.enforced(); // off only in the mutation pass's launcher
        for (String kv : quarantine ? SAFE : List.of("safe.directory=*")) {
            argv.add("-c");
            argv.add(kv);
        }
        if (gitDir != null) {
            argv.add("--git-dir=" + gitDir);
        }
        argv.addAll(args);
        return exec(argv, input, env(extraEnv, quarantine));
    }

    /**
     * A git configuration file the agent may have written, read as data: {@code git config --file} follows no
     * {@code include} there, and a file that is not a regular file of reasonable size (a link, a FIFO, a device) is not
     * read at all. Each entry is "key" (section and variable lower case, subsection as written) to its value, in
     * file order, multi-valued keys repeated. Empty when the file is absent; a problem otherwise.
     */
    public static ConfigFile readConfigFile(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return ConfigFile.absent();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return ConfigFile.unreadable(Files.isSymbolicLink(file) ? "a symbolic link" : "not a regular file");
        }
        try {
            if (Files.size(file) > ConfigFile.MAX_BYTES) {
                return ConfigFile.unreadable("larger than " + ConfigFile.MAX_BYTES / 1024 + " KiB");
            }
        } catch (IOException e) {
            return ConfigFile.unreadable(e.getMessage());
        }
        Result r = call(null, List.of("config", "--file", file.toString(), "--no-includes", "--null", "--list"));
        return r.ok() ? ConfigFile.parse(r.out) : ConfigFile.unreadable(r.err.strip());
    }

    /** Writes one value into a configuration file paude owns ({@code git config --file F --add KEY VALUE}). */
    public static void addToConfigFile(Path file, String key, String value) {
        Result r = call(null, List.of("config", "--file", file.toString(), "--add", key, value));
        if (!r.ok()) {
            throw failed(null, "config", r);
        }
    }

    /**
     * The user's own global configuration with its includes, as {@code git config --global --list} reads it (HOME at
     * {@code home}; XDG_CONFIG_HOME and GIT_CONFIG_GLOBAL as the user set them), from an empty directory that is no
     * repository: nothing of the workspace's repository is read. Exit 1 means there is none.
     */
    public static Result userGlobalConfig(Map<String, String> hostEnv, Path home) {
        Map<String, String> env = env(Map.of(), false);
        env.put("HOME", home.toString());
        for (String k : List.of("XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL")) {
            if (hostEnv.get(k) != null) {
                env.put(k, hostEnv.get(k));
            }
        }
        return exec(List.of("git", "config", "--global", "--includes", "--null", "--list"), null, env);
    }

    /**
     * The environment of every host git: nothing of the user's {@code GIT_*}, no system or (unless {@code quarantine}
     * is false, for reading the user's own file) global configuration, no replace objects, no prompt, only the
     * {@code file} transport, and HOME at a directory that holds nothing.
     */
    private static Map<String, String> env(Map<String, String> extra, boolean quarantine) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String k : List.of("PATH", "LANG", "TMPDIR")) {
            String v = System.getenv(k);
            if (v != null) {
                env.put(k, v);
            }
        }
        env.put("LC_ALL", "C");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_ATTR_NOSYSTEM", "1");
        env.put("GIT_NO_REPLACE_OBJECTS", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ALLOW_PROTOCOL", "file");
        env.put("GIT_OPTIONAL_LOCKS", "0");
        if (quarantine) {
            env.put("GIT_CONFIG_GLOBAL", "/dev/null");
            env.put("HOME", Neutral.dir().toString());
            env.put("XDG_CONFIG_HOME", Neutral.dir().toString());
        }
        env.putAll(extra);
        return env;
    }

    private static Result exec(List<String> argv, String input, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(Neutral.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
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
                throw new PolicyException("git " + String.join(" ", argv.subList(1, argv.size())) + " did not finish within "
                        + TIMEOUT.toMinutes() + " minutes", "check the repository");
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

    private static PolicyException failed(Path gitDir, String what, Result r) {
        return new PolicyException("git " + what + " failed" + (gitDir == null ? "" : " in " + gitDir) + " (exit " + r.exit + "): "
                + r.err.strip(), "check the repository with 'git fsck'; rerun with --stacktrace for details");
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

    /** An empty private directory: git's working directory and HOME, so it discovers no repository and no dotfile. */
    static final class Neutral {
        private static Path dir;

        private Neutral() {
        }

        static synchronized Path dir() {
            if (dir == null || !Files.isDirectory(dir)) {
                try {
                    dir = Files.createTempDirectory("paude-git-home-");
                    dir.toFile().deleteOnExit();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return dir;
        }
    }
}
