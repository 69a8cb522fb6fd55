package io.paude.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.guard.GuardContext;
import io.paude.policy.AgentKind;
import io.paude.policy.Allowlist;
import io.paude.policy.Limits;
import io.paude.policy.Mount;
import io.paude.policy.NetworkMode;
import io.paude.policy.SandboxPolicy;
import io.paude.session.StatePaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path tmp;

    @Test
    void onlyTheVertexAllowlistPassesThrough() {
        Map<String, String> host = Map.of("CLAUDE_CODE_USE_VERTEX", "1", "CLOUD_ML_REGION", "us-east5",
                "VERTEX_REGION_CLAUDE_3_5_HAIKU", "europe-west1", "GH_TOKEN", "x", "GITHUB_TOKEN", "y",
                "SSH_AUTH_SOCK", "/tmp/s", "AWS_SECRET_ACCESS_KEY", "z", "VERTEX_REGION_", "bad",
                "GOOGLE_APPLICATION_CREDENTIALS", "/home/u/key.json");
        assertThat(VertexEnv.select(host)).containsOnlyKeys("CLAUDE_CODE_USE_VERTEX", "CLOUD_ML_REGION",
                "VERTEX_REGION_CLAUDE_3_5_HAIKU");
    }

    @Test
    void gitConfigKeepsIdentityAndDropsHelpersAndCommands() {
        Map<String, String> listed = GitIdentity.parseList("user.name\nJane \"JD\" Doe\0user.email\njane@example.org\0"
                + "credential.helper\nstore\0url.https://u:t@github.com/.insteadof\nhttps://github.com/\0"
                + "core.sshcommand\nssh -i key\0alias.x\n!rm -rf /\0core.hookspath\n/h\0core.autocrlf\ninput\0");
        Map<String, String> clean = GitIdentity.sanitize(listed);
        assertThat(clean).containsOnlyKeys("user.name", "user.email", "core.autocrlf");
        assertThat(GitIdentity.render(clean)).contains("[user]\n", "\tname = \"Jane \\\"JD\\\" Doe\"\n")
                .doesNotContain("[credential]", "helper =", "insteadof", "sshcommand", "[alias]", "hookspath");
    }

    @Test
    void credentialsInRemoteUrlsAreFoundAndMasked() {
        String token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        String config = "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://alice:" + token + "@github.com/a/b.git\n"
                + "[remote \"up\"]\n\turl = git@github.com:a/b.git\n\tpushurl = ssh://git@github.com/a/b\n"
                + "[remote \"tok\"]\n\turl = \"https://" + token + "@gitlab.com/x\"  ; comment\n"
                + "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic " + token + "\n";
        WorkspaceGit g = WorkspaceGit.fromConfig(tmp, config);
        assertThat(g.remotes()).containsOnlyKeys("origin", "up", "tok");
        assertThat(g.credentials()).hasSize(3).noneMatch(c -> c.contains(token))
                .anyMatch(c -> c.contains("https://alice:ghp_****@github.com/a/b.git"))
                .anyMatch(c -> c.contains("https://ghp_****@gitlab.com/x"));
        assertThat(String.join("\n", g.warnings(tmp))).doesNotContain(token).doesNotContain("no remote");
    }

    @Test
    void shortSecretsAreMaskedCompletely() {
        assertThat(WorkspaceGit.maskedCredentialUrl("https://bob:hunter2@example.org/r")).contains("https://bob:****@example.org/r");
        assertThat(WorkspaceGit.maskedCredentialUrl("https://bob@example.org/r")).isEmpty();
    }

    @Test
    void warnsAboutMissingRepositoryAndMissingRemote() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        assertThat(WorkspaceGit.inspect(ws).warnings(ws)).singleElement().asString().contains("is not a git repository");
        Files.createDirectories(ws.resolve(".git"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n\tbare = false\n");
        assertThat(WorkspaceGit.inspect(ws).warnings(ws)).singleElement().asString().contains("has no remote");
        Files.writeString(ws.resolve(".git/config"), "[remote \"origin\"]\n\turl = /srv/backup.git\n");
        assertThat(WorkspaceGit.inspect(ws).warnings(ws)).isEmpty();
    }

    @Test
    void worktreesResolveToTheCommonConfig() throws Exception {
        Path main = Files.createDirectories(tmp.resolve("main/.git/worktrees/wt"));
        Files.writeString(main.resolve("commondir"), "../..\n");
        Path wt = Files.createDirectories(tmp.resolve("wt/sub"));
        Files.writeString(tmp.resolve("wt/.git"), "gitdir: " + main + "\n");
        assertThat(WorkspaceGit.findGitDir(wt)).isEqualTo(Optional.of(tmp.resolve("main/.git")));
    }

    @Test
    void guardMountsGcloudAndGitReadOnlyAndSetsOnlyAllowlistedEnv() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve(".config/gcloud"));
        Files.createDirectories(home.resolve(".ssh"));
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Map<String, String> env = Map.of("HOME", home.toString(), "GH_TOKEN", "secret", "CLOUD_ML_REGION", "us-east5");
        StringWriter err = new StringWriter();
        GuardContext ctx = new GuardContext("paude-x", Files.createDirectories(tmp.resolve("session")), ws,
                StatePaths.from(env), env, Set.of(), new PrintWriter(err));
        SandboxPolicy p = new CredentialsGuard().beforeStart(new SandboxPolicy(AgentKind.SHELL, ws, Allowlist.defaults(),
                NetworkMode.FILTERED, new Limits(1, 1024, 256, 1024, 64), List.of(), Map.of(), List.of()), ctx);
        assertThat(p.mounts()).containsExactly(
                Mount.readOnly(home.resolve(".config/gcloud"), "/home/paude/.config/gcloud"),
                Mount.readOnly(tmp.resolve("session/git"), "/home/paude/.config/git"));
        assertThat(p.env()).containsOnlyKeys("CLOUD_ML_REGION", "GIT_CONFIG_GLOBAL", "GIT_TERMINAL_PROMPT");
        assertThat(tmp.resolve("session/git/config")).exists();
        assertThat(err.toString()).contains("is not a git repository");
    }
}
