package io.paude.steps.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * git on the host, as the test's user: prepares workspaces (repositories, remotes) and host-side bare remotes.
 * The suite runs as root on directories owned by the workspace's owner, so it uses a private global configuration
 * that trusts them (safe.directory) and an identity; the user's home under test is never touched.
 */
public final class HostGit {
    private static Path globalConfig;

    private HostGit() {
    }

    public static Cmd.Result run(Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        return Cmd.run(argv, Map.of("GIT_CONFIG_GLOBAL", config().toString(), "GIT_CONFIG_NOSYSTEM", "1",
                "GIT_TERMINAL_PROMPT", "0"), Duration.ofSeconds(60));
    }

    /**
     * A shell script in {@code dir} with the user's plain git: the repository's own configuration and hooks apply, as
     * they would for a user who runs git there outside paude (only the suite's identity and safe.directory are added).
     */
    public static Cmd.Result plain(Path dir, String script) {
        return Cmd.run(List.of("sh", "-c", "cd '" + dir + "' && " + script), Map.of("GIT_CONFIG_GLOBAL", config().toString(),
                "GIT_CONFIG_NOSYSTEM", "1", "GIT_TERMINAL_PROMPT", "0"), Duration.ofSeconds(60));
    }

    public static String ok(Path dir, String... args) {
        Cmd.Result r = run(dir, args);
        if (r.exit() != 0) {
            throw new AssertionError("host git failed: " + r);
        }
        return r.out().strip();
    }

    /** A repository with one commit in {@code dir}. */
    public static void initWithCommit(Path dir) {
        ok(dir, "init", "-q", "-b", "main");
        try {
            Files.writeString(dir.resolve("work.txt"), "committed work\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ok(dir, "add", "work.txt");
        ok(dir, "commit", "-q", "-m", "committed work");
    }

    private static synchronized Path config() {
        if (globalConfig == null) {
            try {
                globalConfig = Files.createTempFile("paude-test-gitconfig-", "");
                Files.writeString(globalConfig, "[safe]\n\tdirectory = *\n[user]\n\tname = paude test\n\temail = test@paude.test\n"
                        + "[init]\n\tdefaultBranch = main\n");
                globalConfig.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return globalConfig;
    }
}
