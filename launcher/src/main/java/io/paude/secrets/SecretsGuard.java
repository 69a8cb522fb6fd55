package io.paude.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paude.Measure;
import io.paude.SafeText;
import io.paude.config.ConfigLoader;
import io.paude.config.PaudeConfig;
import io.paude.guard.Guard;
import io.paude.guard.GuardContext;
import io.paude.policy.Mount;
import io.paude.policy.PolicyException;
import io.paude.policy.Refusal;
import io.paude.policy.SandboxPolicy;
import io.paude.settings.Resolver;
import io.paude.settings.SecretRef;
import io.paude.state.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the workspace's secrets out of the agent's reach (task 9):
 * <ul>
 * <li>every secret file ({@link SecretFiles}) is covered by a read-only bind mount of a mode-0000 file, so every
 * path to it (direct, symlink, cp, tar, find) reads "Permission denied", a hard link fails across the mount
 * (EXDEV), and it can be neither renamed, removed nor chmod-ed (EBUSY, EROFS);</li>
 * <li>a masked file that git tracks would still be readable from git's objects: the start is refused unless
 * {@code --allow-tracked-secrets};</li>
 * <li>the pre-flight scan refuses the start on secrets in the files left readable, unless {@code --allow-secrets};</li>
 * <li>secrets the agent needs arrive as read-only files under {@code /run/secrets}, never as environment;</li>
 * <li>a warning when .gitignore lacks the common secret patterns, and after the session about secret-looking files
 * created while it ran (a mount can only cover files that exist at start);</li>
 * <li>a masked file replaced on the host by a rename loses its mask: {@link MaskCheck} says so, naming it.</li>
 * </ul>
 */
public final class SecretsGuard implements Guard {
    static final String RECORD = "secrets.json";
    /** The suffix of the per-workspace file of {@link WalkStamps}, next to the scan's cache. */
    static final String STAMPS = ".dirs.txt";
    static final String RUN_SECRETS = "run-secrets";
    private static final int PREVIEW_LIMIT = 20;

    @Override
    public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        Path ws = policy.workspace();
        PaudeConfig.SecretSettings settings = ctx.options().secretFiles();
        // one walk for the masks and the scan; only the directories that changed since the last walk are listed
        WalkStamps stamps = stamps(ctx, ws);
        WorkspaceFiles files = WorkspaceFiles.walk(ws, stamps);
        List<Path> masked = SecretFiles.withPatterns(settings.mask()).find(files);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("masked", masked.stream().map(Path::toString).toList());

        List<String> tracked = TrackedFiles.tracked(ws, masked, ctx);
        if (!tracked.isEmpty() && Measure.TRACKED_SECRETS_REFUSED.enforced()) {
            String list = tracked.stream().map(SafeText::of).collect(Collectors.joining(", "));
            if (!ctx.options().allowTrackedSecrets()) {
                throw new Refusal("secret files are tracked by git, so the agent could read them from git's objects "
                        + "(git show HEAD:" + SafeText.of(tracked.get(0)) + ") although they are masked: " + list,
                        "remove them from git ('git rm --cached FILE', then rotate the secret: it is in the history), "
                                + "or pass --allow-tracked-secrets to accept the risk (recorded)");
            }
            ctx.warn("--allow-tracked-secrets: these masked files are tracked by git and readable through its objects: " + list);
            record.put("allowTrackedSecrets", tracked);
        }

        MaskCheck.record(ctx.sessionDir(), ws, masked); // a file replaced by a rename loses its mask: MaskCheck sees it
        List<Mount> mounts = new ArrayList<>();
        if (!masked.isEmpty()) {
            Path mask = maskFile(ctx.sessionDir());
            for (Path rel : masked) {
                mounts.add(Mount.readOnly(mask, ws.resolve(rel).toString()));
            }
        }
        List<String> passed = new ArrayList<>();
        for (SecretRef ref : ctx.options().secrets()) {
            mounts.add(Mount.readOnly(writeSecret(ctx.sessionDir(), ref, ctx.env()), ref.target()));
            passed.add(ref.target());
        }
        record.put("passed", passed);
        // The scan only reads: it runs while the engine creates the sandbox; the agent starts after it passed.
        ctx.alongside().run("secrets-scan", () -> {
            writeStamps(stamps, ctx);
            scan(files, masked, settings, record, ctx);
        });
        return mounts.isEmpty() ? policy : policy.withMounts(mounts);
    }

    /** The pre-flight scan, the .gitignore check, and the session's record of both. */
    private static void scan(WorkspaceFiles files, List<Path> masked, PaudeConfig.SecretSettings settings,
            Map<String, Object> record, GuardContext ctx) {
        Path ws = files.root();
        SecretScanner.Result scan = new SecretScanner(ctx.paths().state(), ctx.env()).scan(files, new HashSet<>(masked), settings.allow());
        if (!scan.findings().isEmpty() && Measure.SECRETS_SCAN.enforced()) {
            String shown = scan.findings().stream().limit(PREVIEW_LIMIT).map(f -> "    " + f).collect(Collectors.joining("\n"));
            String more = scan.findings().size() > PREVIEW_LIMIT ? "\n    ... and " + (scan.findings().size() - PREVIEW_LIMIT) + " more" : "";
            if (!ctx.options().allowSecrets()) {
                throw new Refusal("the pre-flight scan (" + scan.scanner() + ") found " + scan.findings().size()
                        + " secret(s) in files the agent could read:\n" + shown + more,
                        "move the secret out of the workspace (pass it with --secret NAME), add the file to \"secrets\": "
                                + "{\"mask\": [...]} or {\"allow\": [...]} in paude.json, or pass --allow-secrets (recorded)");
            }
            ctx.warn("--allow-secrets: the agent can read " + scan.findings().size() + " secret(s) found by the scan:\n" + shown + more);
            record.put("allowSecrets", scan.findings().stream().map(Finding::toString).toList());
        }

        if (Files.exists(ws.resolve(".git")) && Measure.GITIGNORE_CHECK.enforced()) {
            List<String> missing = GitignoreCheck.missing(ws);
            if (!missing.isEmpty()) {
                ctx.warn(".gitignore does not ignore " + String.join(" ", missing)
                        + " (add them with 'paude secrets gitignore --add')");
            }
        }

        write(ctx.sessionDir().resolve(RECORD), record);
    }

    @Override
    public void afterAgent(GuardContext ctx) {
        deleteTree(ctx.sessionDir().resolve(RUN_SECRETS));
        MaskCheck.check(ctx.session(), ctx.sessionDir(), ctx.workspace(), ctx.err());
        Path record = ctx.sessionDir().resolve(RECORD);
        if (!Files.isRegularFile(record) || !Files.isDirectory(ctx.workspace())) {
            return;
        }
        try {
            Set<String> before = new HashSet<>();
            new ObjectMapper().readTree(record.toFile()).path("masked").forEach(n -> before.add(n.asText()));
            PaudeConfig.SecretSettings settings;
            try {
                // the files as they are now: this check also runs after 'paude stop', in a process without the start's settings
                settings = Resolver.secretFiles(new ConfigLoader(ctx.paths()).load(ctx.workspace(), false));
            } catch (PolicyException changedDuringSession) {
                settings = PaudeConfig.SecretSettings.NONE; // the built-in rules still apply
            }
            WalkStamps stamps = stamps(ctx, ctx.workspace());
            List<String> created = SecretFiles.withPatterns(settings.mask()).find(WorkspaceFiles.walk(ctx.workspace(), stamps)).stream()
                    .map(Path::toString).filter(p -> !before.contains(p)).toList();
            writeStamps(stamps, ctx);
            if (!created.isEmpty() && Measure.LATE_SECRETS_CHECK.enforced()) {
                ctx.warn("secret-looking files appeared during session " + ctx.session() + " and were NOT masked (a mask "
                        + "covers only files present at start): "
                        + created.stream().map(SafeText::of).collect(Collectors.joining(", "))
                        + "; the agent could read them. Review them; the next session masks them.");
            }
        } catch (IOException | RuntimeException e) {
            ctx.warn("could not check the workspace for new secret files: " + e.getMessage());
        }
    }

    /** The stamps of the last walk of {@code workspace}, kept next to the scan's cache. */
    private static WalkStamps stamps(GuardContext ctx, Path workspace) {
        return WalkStamps.read(WorkspaceFiles.cacheFile(ctx.paths().state(), workspace.toAbsolutePath().normalize(), STAMPS));
    }

    /** The walk's stamps for the next one; not written, the next walk lists every directory again. */
    private static void writeStamps(WalkStamps stamps, GuardContext ctx) {
        try {
            stamps.write();
        } catch (IOException e) {
            ctx.warn("could not record the workspace's directories for the next start: " + e.getMessage());
        }
    }

    /** An empty file nobody may read (mode 0000): read through the read-only mount, it gives EACCES to the agent. */
    private static Path maskFile(Path sessionDir) {
        Path mask = sessionDir.resolve("secret-mask");
        try {
            Files.deleteIfExists(mask);
            Files.createFile(mask);
            Files.setPosixFilePermissions(mask, PosixFilePermissions.fromString("---------"));
            return mask;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Mode 0444: the agent may run under another uid than the launcher. The session directory is 0700, so no other
     * host user reaches the file; it is deleted when the session ends.
     */
    private static Path writeSecret(Path sessionDir, SecretRef ref, Map<String, String> env) {
        try {
            Path dir = sessionDir.resolve(RUN_SECRETS);
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path f = dir.resolve(ref.name());
            Files.deleteIfExists(f);
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(f, ref.value(env));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, Map<String, Object> record) {
        try {
            Files.writeString(file, Json.write(record) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort; the session directory is private
        }
    }
}
