package io.paude.secrets;

import io.paude.SafeText;
import io.paude.guard.GuardContext;
import io.paude.hostgit.GitView;
import io.paude.hostgit.HostGit;
import io.paude.policy.PolicyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which masked files git tracks (the repository's objects hold their content), read from a copy of the repository's
 * index by the host's git in a {@link GitView}: the repository may have been written by an agent, and nothing of its
 * configuration (core.fsmonitor runs a command when git reads an index) is read.
 */
final class TrackedFiles {
    private static final long MAX_INDEX = 512L * 1024 * 1024;

    private TrackedFiles() {
    }

    static List<String> tracked(Path ws, List<Path> masked, GuardContext ctx) {
        Path git = ws.resolve(".git");
        if (masked.isEmpty() || !Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            if (!masked.isEmpty() && Files.exists(git, LinkOption.NOFOLLOW_LINKS)) {
                ctx.warn(SafeText.of(git.toString()) + " is not a directory (a linked worktree or submodule): whether masked files "
                        + "are tracked by git was not checked; tracked secrets stay readable through git's objects");
            }
            return List.of();
        }
        Path index = git.resolve("index");
        if (!Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
            return List.of(); // no index: nothing is tracked yet
        }
        Path copy = null;
        try (GitView view = GitView.of(git)) {
            if (Files.size(index) > MAX_INDEX) {
                throw new IOException("the index is larger than " + MAX_INDEX / (1024 * 1024) + " MiB");
            }
            copy = Files.createTempFile("paude-index-", "");
            Files.copy(index, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            HostGit.Result r = view.callWithIndex(ws, copy, List.of("ls-files", "-z", "--cached"));
            if (!r.ok()) {
                ctx.warn("could not list the files git tracks in " + SafeText.of(ws.toString()) + " (git ls-files: "
                        + SafeText.of(r.err().strip()) + "); masked files tracked by git stay readable through git's objects");
                return List.of();
            }
            Set<String> all = new HashSet<>(List.of(r.out().split("\0")));
            List<String> tracked = new ArrayList<>();
            for (Path m : masked) {
                if (all.contains(m.toString())) {
                    tracked.add(m.toString());
                }
            }
            return tracked;
        } catch (IOException | PolicyException e) {
            ctx.warn("whether masked files are tracked by git was not checked (" + SafeText.of(e.getMessage()) + "); tracked "
                    + "secrets stay readable through git's objects");
            return List.of();
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // a temporary copy
                }
            }
        }
    }
}
