package io.paude.demo;

import io.paude.hostgit.HostGit;
import io.paude.policy.PolicyException;
import io.paude.secrets.GitignoreCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The project of {@code paude demo}: a small git repository with one commit (a README, a function, a test that
 * fails until the function is fixed, and the .gitignore of secret files paude recommends) that the agent can edit and commit in. Made once; a later demo reuses it as the
 * agent left it. A directory that holds anything else is never touched. The repository is made by the host's git
 * under {@link HostGit}'s discipline (no configuration of the user's read), with a local identity, so that commits
 * work in the sandbox whatever the user's git configuration holds.
 */
public final class DemoProject {
    /** paude's mark in {@code .git}: this repository is a demo that paude made. */
    static final String MARK = "paude-demo";
    /** The uid and gid the agent runs as in a workspace owned by root (session/Provisioner's rule); the demo is theirs. */
    static final int AGENT_ID = 1000;
    static final String NAME = "paude demo";
    static final String EMAIL = "demo@paude.invalid";

    /** What {@link #prepare} found or did. */
    public enum Outcome { CREATED, REUSED }

    private DemoProject() {
    }

    /**
     * Makes the demo project in {@code dir} unless it is there already. {@code ownerIsAgent}: chown it to the agent's
     * uid 1000 (paude runs as root, and the agent of a root-owned workspace runs as 1000).
     */
    public static Outcome prepare(Path dir, boolean ownerIsAgent) {
        if (Files.isRegularFile(dir.resolve(".git").resolve(MARK), LinkOption.NOFOLLOW_LINKS)) {
            return Outcome.REUSED;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !emptyDirectory(dir)) {
            throw new PolicyException(dir + " exists and is not a paude demo (it holds files paude did not make); the demo "
                    + "never writes into such a directory", "give another directory: paude demo DIR (e.g. ~/paude-demo-2), "
                    + "or work on this project with paude run --workspace " + dir);
        }
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> f : files().entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
            GitignoreCheck.add(dir); // the secret files paude recommends ignoring: a demo shows no warning of its own
            Path git = dir.resolve(".git");
            HostGit.run(null, "init", "-q", "-b", "main", dir.toString());
            HostGit.run(git, "config", "user.name", NAME);
            HostGit.run(git, "config", "user.email", EMAIL);
            HostGit.run(git, "--work-tree=" + dir, "add", "-A");
            HostGit.run(git, "--work-tree=" + dir, "commit", "-q", "-m", "The demo project: a sum function and its test");
            Files.writeString(git.resolve(MARK), "made by paude demo; paude reuses this repository\n");
            if (ownerIsAgent) {
                chown(dir, AGENT_ID);
            }
        } catch (IOException e) {
            throw new PolicyException("cannot make the demo in " + dir + ": " + e.getMessage(),
                    "give a directory you can write: paude demo DIR");
        }
        return Outcome.CREATED;
    }

    private static boolean emptyDirectory(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code dir} and everything in it to {@code id}:{@code id}, links themselves rather than what they point to. */
    static void chown(Path dir, int id) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setAttribute(p, "unix:uid", id, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** The demo's files, by name. */
    static Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("README.md", """
                # paude demo

                A tiny project to try an agent in paude's sandbox. `sum.js` has a bug; `node test.js` shows it.
                Ask the agent, for example:

                > Run the test, fix the bug in sum.js, and commit the fix.

                The agent works in this directory and in nothing else of your machine; its commits appear here, in
                this git repository. Run `paude demo` again to come back to it as you left it.
                """);
        f.put("sum.js", """
                // Adds the numbers of a list.
                function sum(numbers) {
                  let total = 0;
                  for (let i = 1; i < numbers.length; i++) {
                    total += numbers[i];
                  }
                  return total;
                }

                module.exports = { sum };
                """);
        f.put("test.js", """
                const assert = require("node:assert");
                const { sum } = require("./sum");

                assert.strictEqual(sum([]), 0);
                assert.strictEqual(sum([1, 2, 3]), 6, "sum([1, 2, 3]) should be 6");
                console.log("all tests pass");
                """);
        return f;
    }
}
