package io.paude.credentials;

import io.paude.guard.Guard;
import io.paude.guard.GuardContext;
import io.paude.plan.Planner;
import io.paude.policy.Mount;
import io.paude.policy.SandboxPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks 1, 2, 3, 5 and 6 of SECURITY-TASKS.md: what of the user's credentials reaches the agent, and the warnings
 * about the workspace before a start.
 * <ul>
 * <li>The gcloud directory, when it exists, read-only at {@code ~/.config/gcloud} (Vertex AI keeps working, nothing
 * there can change). A directory, not single files, so the host's token refreshes are seen inside.</li>
 * <li>A sanitized copy of the global git configuration, read-only at {@code ~/.config/git} and named by
 * {@code GIT_CONFIG_GLOBAL}: identity without credential helpers ({@link GitIdentity}).</li>
 * <li>The Vertex variables of {@link VertexEnv}, and {@code GIT_TERMINAL_PROMPT=0} so git fails instead of waiting
 * for a password. Nothing else: no {@code ~/.ssh}, no agent socket, no {@code ~/.config/gh}, no tokens.</li>
 * <li>Warnings (the start continues): the workspace is not a git repository, has no remote, or has credentials in
 * its git configuration ({@link WorkspaceGit}), the secret masked.</li>
 * </ul>
 * Host paths come from {@code $HOME} and {@code CLOUDSDK_CONFIG}, never from the passwd entry.
 */
public final class CredentialsGuard implements Guard {
    public static final String GCLOUD_TARGET = Planner.AGENT_CONFIG + "/gcloud";
    public static final String GIT_TARGET = Planner.AGENT_CONFIG + "/git";

    @Override
    public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        WorkspaceGit.inspect(ctx.workspace()).warnings(ctx.workspace()).forEach(ctx::warn);

        List<Mount> mounts = new ArrayList<>();
        gcloudDir(ctx.env(), ctx.paths().home()).ifPresent(d -> mounts.add(Mount.readOnly(d, GCLOUD_TARGET)));
        Path git = GitIdentity.write(ctx.sessionDir().resolve("git"), ctx.env(), ctx.paths().home());
        mounts.add(Mount.readOnly(git, GIT_TARGET));

        Map<String, String> env = new LinkedHashMap<>(VertexEnv.select(ctx.env()));
        env.put("GIT_CONFIG_GLOBAL", GIT_TARGET + "/config");
        env.put("GIT_TERMINAL_PROMPT", "0");
        return policy.withMounts(mounts).withEnv(env);
    }

    /** {@code ${CLOUDSDK_CONFIG:-$HOME/.config/gcloud}} when it is a directory. */
    static Optional<Path> gcloudDir(Map<String, String> env, Path home) {
        String custom = env.get("CLOUDSDK_CONFIG");
        Path dir = custom != null && custom.startsWith("/") ? Path.of(custom) : home.resolve(".config/gcloud");
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }
}
