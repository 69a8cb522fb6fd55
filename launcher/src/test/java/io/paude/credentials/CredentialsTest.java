package io.paude.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.guard.GuardContext;
import io.paude.policy.AgentKind;
import io.paude.policy.Allowlist;
import io.paude.policy.Limits;
import io.paude.policy.ModelAccess;
import io.paude.policy.Mount;
import io.paude.policy.NetworkMode;
import io.paude.policy.SandboxPolicy;
import io.paude.settings.GuardOptions;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                StatePaths.from(env), env, GuardOptions.NONE, new PrintWriter(err));
        SandboxPolicy p = new CredentialsGuard().beforeStart(new SandboxPolicy(AgentKind.SHELL, ws, Allowlist.defaults(),
                NetworkMode.FILTERED, new Limits(1, 1024, 256, 1024, 64), List.of(), Map.of(), List.of()), ctx);
        // the gcloud directory exists but is not mounted: only --auth gcloud-mount mounts it
        assertThat(p.mounts()).containsExactly(Mount.readOnly(tmp.resolve("session/git"), "/home/paude/.config/git"));
        assertThat(p.env()).containsOnlyKeys("CLOUD_ML_REGION", "GIT_CONFIG_GLOBAL", "GIT_TERMINAL_PROMPT",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "DISABLE_AUTOUPDATER", "DISABLE_TELEMETRY", "DISABLE_ERROR_REPORTING");
        assertThat(p.model().mode()).isEqualTo(ModelAccess.Mode.NONE);
        assertThat(p.model().gateway()).isEmpty();
        assertThat(tmp.resolve("session/git/config")).exists();
        assertThat(err.toString()).contains("is not a git repository");
    }

    private SandboxPolicy guarded(Map<String, String> extra, ModelAccess.Mode mode, NetworkMode network, StringWriter err)
            throws Exception {
        return guarded(extra, mode, network, err, List.of());
    }

    private SandboxPolicy guarded(Map<String, String> extra, ModelAccess.Mode mode, NetworkMode network, StringWriter err,
            List<String> command) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve(".config/gcloud"));
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("HOME", home.toString());
        GuardContext ctx = new GuardContext("paude-x", Files.createDirectories(tmp.resolve("session")), ws,
                StatePaths.from(env), env, GuardOptions.NONE, new PrintWriter(err));
        return new CredentialsGuard().beforeStart(new SandboxPolicy(AgentKind.CLAUDE, ws, Allowlist.defaults(), network,
                new Limits(1, 1024, 256, 1024, 64), List.of(), Map.of(), command,
                ModelAccess.of(mode, java.util.Optional.empty())), ctx);
    }

    @Test
    void anApiKeyOnTheHostMakesAGatewayAndNeverReachesTheAgent() throws Exception {
        StringWriter err = new StringWriter();
        SandboxPolicy p = guarded(Map.of("ANTHROPIC_API_KEY", "sk-ant-api03-hostkey"), ModelAccess.Mode.AUTO,
                NetworkMode.FILTERED, err);
        assertThat(p.model().mode()).isEqualTo(ModelAccess.Mode.API_KEY);
        assertThat(p.model().gateway()).map(g -> g.provider()).contains(io.paude.policy.ModelGateway.Provider.ANTHROPIC_API_KEY);
        assertThat(p.env().values()).noneMatch(v -> v.contains("hostkey"));
        assertThat(p.mounts()).noneMatch(m -> m.target().contains("gcloud"));
        assertThat(err.toString()).contains("model gateway: the Anthropic API with your API key");
    }

    @Test
    void theSubscriptionTokenComesBeforeTheApiKeyAndVertexBeforeBoth() throws Exception {
        assertThat(guarded(Map.of("ANTHROPIC_API_KEY", "sk-ant-api03-hostkey", "CLAUDE_CODE_OAUTH_TOKEN", "sk-ant-oat01-token"),
                ModelAccess.Mode.AUTO, NetworkMode.FILTERED, new StringWriter()).model().mode()).isEqualTo(ModelAccess.Mode.OAUTH_TOKEN);
        Path adc = Files.createDirectories(tmp.resolve("home/.config/gcloud")).resolve("application_default_credentials.json");
        Files.writeString(adc, "{\"type\":\"authorized_user\",\"client_id\":\"c\",\"client_secret\":\"s\",\"refresh_token\":\"r\"}");
        SandboxPolicy v = guarded(Map.of("CLAUDE_CODE_USE_VERTEX", "1", "ANTHROPIC_VERTEX_PROJECT_ID", "my-project",
                "CLOUD_ML_REGION", "us-east5", "VERTEX_REGION_CLAUDE_3_5_HAIKU", "europe-west1", "ANTHROPIC_API_KEY", "sk-x-12345678"),
                ModelAccess.Mode.AUTO, NetworkMode.FILTERED, new StringWriter());
        assertThat(v.model().mode()).isEqualTo(ModelAccess.Mode.VERTEX);
        assertThat(v.model().gateway().orElseThrow().regions()).containsExactly("us-east5", "europe-west1");
        assertThat(v.env()).containsEntry("CLOUD_ML_REGION", "us-east5").doesNotContainKey("ANTHROPIC_API_KEY")
                .doesNotContainKey("CLAUDE_CODE_USE_VERTEX"); // the planner sets the gateway's variables
    }

    @Test
    void aMissingCredentialIsNamedWithItsFix() {
        assertThatThrownBy(() -> guarded(Map.of(), ModelAccess.Mode.API_KEY, NetworkMode.FILTERED, new StringWriter()))
                .isInstanceOf(io.paude.policy.PolicyException.class).hasMessageContaining("ANTHROPIC_API_KEY is not set");
        assertThatThrownBy(() -> guarded(Map.of("ANTHROPIC_VERTEX_PROJECT_ID", "p-123456", "CLOUD_ML_REGION", "us-east5"),
                ModelAccess.Mode.VERTEX, NetworkMode.FILTERED, new StringWriter()))
                .isInstanceOf(io.paude.policy.PolicyException.class).hasMessageContaining("no Google application default credentials");
        assertThatThrownBy(() -> guarded(Map.of("ANTHROPIC_API_KEY", "sk-ant-api03-hostkey"), ModelAccess.Mode.API_KEY,
                NetworkMode.OPEN, new StringWriter()))
                .isInstanceOf(io.paude.policy.PolicyException.class).hasMessageContaining("needs the proxy");
    }

    @Test
    void noCredentialWarnsWithTheThreeWays() throws Exception {
        StringWriter err = new StringWriter();
        guarded(Map.of(), ModelAccess.Mode.AUTO, NetworkMode.FILTERED, err);
        assertThat(err.toString()).contains("no model credential is configured").contains("ANTHROPIC_API_KEY")
                .contains("CLAUDE_CODE_OAUTH_TOKEN").contains("CLAUDE_CODE_USE_VERTEX");
    }

    /** The warning is Claude Code's: a command after -- that is not claude needs no credential, and gets no warning. */
    @Test
    void noCredentialIsNotWarnedWhenTheCommandIsNotClaudeCode() throws Exception {
        StringWriter other = new StringWriter();
        guarded(Map.of(), ModelAccess.Mode.AUTO, NetworkMode.FILTERED, other, List.of("git", "status"));
        assertThat(other.toString()).doesNotContain("no model credential");
        StringWriter claude = new StringWriter();
        guarded(Map.of(), ModelAccess.Mode.AUTO, NetworkMode.FILTERED, claude, List.of("claude", "-p", "hi"));
        assertThat(claude.toString()).contains("no model credential");
        assertThat(CredentialsGuard.credentialConfigured(Map.of())).isFalse();
        assertThat(CredentialsGuard.credentialConfigured(Map.of("ANTHROPIC_API_KEY", "sk-ant-x"))).isTrue();
        assertThat(CredentialsGuard.credentialConfigured(Map.of("ANTHROPIC_API_KEY", " "))).isFalse();
    }

    @Test
    void gcloudMountIsTheOptInThatMountsAndAllowsExactHosts() throws Exception {
        SandboxPolicy p = guarded(Map.of("CLOUD_ML_REGION", "us-east5", "ANTHROPIC_API_KEY", "sk-ant-api03-hostkey"),
                ModelAccess.Mode.GCLOUD_MOUNT, NetworkMode.FILTERED, new StringWriter());
        assertThat(p.mounts()).contains(Mount.readOnly(tmp.resolve("home/.config/gcloud"), "/home/paude/.config/gcloud"));
        assertThat(p.allowlist().asStrings()).containsExactlyInAnyOrder("us-east5-aiplatform.googleapis.com", "oauth2.googleapis.com");
        assertThat(Allowlist.of(List.of("us-east5-aiplatform.googleapis.com", "oauth2.googleapis.com")).entries())
                .allMatch(d -> p.allowlist().allows(d.host()));
        assertThat(p.model().gateway()).isEmpty();
        assertThat(p.env()).doesNotContainKey("ANTHROPIC_API_KEY");
    }
}
