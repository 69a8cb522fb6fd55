package io.paude.secrets;

import io.paude.guard.GuardContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Which masked files git tracks, asked of the host's git (the repository's objects hold their content). */
final class TrackedFiles {
    private TrackedFiles() {
    }

    static List<String> tracked(Path ws, List<Path> masked, GuardContext ctx) {
        if (masked.isEmpty() || !Files.exists(ws.resolve(".git"))) {
            return List.of();
        }
        Path globalConfig = null;
        try {
            // The repository may have been written by an agent: its .git/config must not make the host run anything
            // (core.fsmonitor runs a command when git reads the index). The workspace may belong to another uid than
            // the launcher (a root launcher in CI), so it is declared safe in a throw-away global config.
            globalConfig = Files.createTempFile("paude-git-", ".config");
            Files.writeString(globalConfig, "[safe]\n\tdirectory = *\n");
            ProcessBuilder pb = new ProcessBuilder("git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
                    "-C", ws.toString(), "ls-files", "-z", "--cached")
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("GIT_CONFIG_GLOBAL", globalConfig.toString());
            pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                ctx.warn("could not list the files git tracks in " + ws + " (git ls-files failed); masked files tracked by git "
                        + "stay readable through git's objects");
                return List.of();
            }
            Set<String> all = new HashSet<>(List.of(new String(out, StandardCharsets.UTF_8).split("\0")));
            List<String> tracked = new ArrayList<>();
            for (Path m : masked) {
                if (all.contains(m.toString())) {
                    tracked.add(m.toString());
                }
            }
            return tracked;
        } catch (IOException e) {
            ctx.warn("git is not available to check whether masked files are tracked (" + e.getMessage() + "); tracked "
                    + "secrets stay readable through git's objects");
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            if (globalConfig != null) {
                try {
                    Files.deleteIfExists(globalConfig);
                } catch (IOException ignored) {
                    // a temp file with one line
                }
            }
        }
    }
}
