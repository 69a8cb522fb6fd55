package io.paude.githistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.hostgit.GitView;
import io.paude.policy.PolicyException;
import io.paude.state.StatePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup, comparison and restore against the host's git, without any container engine. */
class GitHistoryTest {
    @TempDir
    Path tmp;

    private Path repo() {
        Path ws = tmp.resolve("ws");
        sh(tmp, "git init -q -b main ws && cd ws && for i in 1 2 3; do echo $i > f$i; git add . && git commit -qm c$i; done"
                + " && git tag v1 HEAD~1 && git branch topic HEAD~1 && echo s >> f1 && git stash -q");
        return ws;
    }

    private static String sh(Path dir, String script) {
        try {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1", "GIT_AUTHOR_NAME", "t",
                    "GIT_AUTHOR_EMAIL", "t@t", "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@t"));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Refs refs(Path git) {
        try (GitView view = GitView.of(git)) {
            return Refs.read(view);
        }
    }

    private StatePaths paths() {
        return StatePaths.from(Map.of("HOME", tmp.resolve("home").toString()));
    }

    @Test
    void aBackupRestoresEveryRefAfterDotGitIsDeletedAndLeavesTheWorkingTreeAlone() throws IOException {
        Path ws = repo();
        String before = sh(ws, "git for-each-ref && git stash list");
        BackupStore store = BackupStore.of(paths(), ws);
        BackupStore.Taken t = store.take(ws.resolve(".git"), ws);
        assertThat(store.verify(t.id())).isEmpty();
        assertThat(store.backupDir(t.id()).startsWith(ws)).isFalse();
        Files.writeString(ws.resolve("f2"), "changed\n");
        sh(ws, "rm -rf .git");
        StringWriter out = new StringWriter();
        new Restorer(paths(), new PrintWriter(out, true)).restoreAll(ws, null, ws, false, false);
        assertThat(sh(ws, "git for-each-ref && git stash list")).isEqualTo(before);
        assertThat(sh(ws, "git fsck --no-dangling 2>&1")).doesNotContain("error", "missing");
        assertThat(Files.readString(ws.resolve("f2"))).isEqualTo("changed\n");
        assertThat(out.toString()).contains("git fsck clean");
    }

    @Test
    void aSecondBackupCopiesOnlyNewObjectsAndRetentionKeepsTheLastN() {
        Path ws = repo();
        BackupStore store = BackupStore.of(paths(), ws);
        BackupStore.Taken first = store.take(ws.resolve(".git"), ws);
        BackupStore.Taken second = store.take(ws.resolve(".git"), ws);
        assertThat(first.copiedFiles()).isPositive();
        assertThat(second.copiedFiles()).isZero();
        sh(ws, "echo 4 > f4 && git add f4 && git commit -qm c4");
        BackupStore.Taken third = store.take(ws.resolve(".git"), ws);
        assertThat(third.copiedFiles()).isEqualTo(3); // commit, tree, blob: packed into one new pack of the store
        assertThat(store.prune(2)).containsExactly(first.id());
        assertThat(store.ids()).containsExactly(second.id(), third.id());
    }

    @Test
    void restoreRefusesAHealthyGitDirectoryWithoutForce() {
        Path ws = repo();
        BackupStore.of(paths(), ws).take(ws.resolve(".git"), ws);
        Restorer r = new Restorer(paths(), new PrintWriter(new StringWriter()));
        assertThatThrownBy(() -> r.restoreAll(ws, null, ws, false, false)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("healthy repository");
    }

    @Test
    void deletedRewrittenAndMovedRefsAreFoundButFastForwardsAndNewRefsAreNot() {
        Path ws = repo();
        Path git = ws.resolve(".git");
        Refs before = refs(git);
        sh(ws, "git branch -D topic && git tag -f v1 HEAD && git reset -q --hard HEAD~1 && git branch feature");
        List<RefChange> changes;
        try (GitView view = GitView.of(git)) {
            changes = RefChange.between(before, Refs.read(view), view);
        }
        assertThat(changes).extracting(c -> c.kind() + " " + c.ref()).containsExactlyInAnyOrder(
                "DELETED refs/heads/topic", "TAG_MOVED refs/tags/v1", "REWRITTEN refs/heads/main");
        Refs ff = refs(git);
        sh(ws, "echo 9 > f9 && git add f9 && git commit -qm c9");
        try (GitView view = GitView.of(git)) {
            assertThat(RefChange.between(ff, Refs.read(view), view)).isEmpty();
        }
    }

    @Test
    void executableConfigAndHooksAreReportedButOrdinaryKeysAreNot() throws IOException {
        Path ws = repo();
        Path before = tmp.resolve("before");
        GitDirCopy.tree(ws.resolve(".git"), before);
        sh(ws, "git config core.fsmonitor 'touch x' && git config alias.st '!id' && git config alias.co checkout"
                + " && git config user.name agent && git config gc.pruneExpire now && printf '#!/bin/sh\\n' > .git/hooks/pre-commit");
        assertThat(ExecutableConfig.between(before, ws.resolve(".git"))).extracting(ExecutableConfig.Change::what).containsExactlyInAnyOrder(
                ".git/config core.fsmonitor", ".git/config alias.st", ".git/config gc.pruneexpire", ".git/hooks/pre-commit");
    }

    @Test
    void sandboxGitSettingsAppendToThoseAnotherGuardSet() {
        Map<String, String> env = SandboxGitConfig.env(Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "a.b", "GIT_CONFIG_VALUE_0", "c"));
        assertThat(env).containsEntry("GIT_CONFIG_KEY_1", "core.logAllRefUpdates").containsEntry("GIT_CONFIG_VALUE_3", "never")
                .containsEntry("GIT_CONFIG_COUNT", Integer.toString(1 + SandboxGitConfig.SETTINGS.size())).doesNotContainKey("GIT_CONFIG_KEY_0");
    }
}
