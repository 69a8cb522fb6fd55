package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/** Tasks 1, 2 and 3: what of the user's credentials and environment reaches the agent, and how. */
public class CredentialSteps {
    static final String GCLOUD_INSIDE = "/home/paude/.config/gcloud";
    static final String ADC = "application_default_credentials.json";

    private final World world;
    /** Launcher environment variables a scenario set and the agent must not see. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> vertex = new LinkedHashMap<>();
    private final String keyMarker = "PAUDE-TEST-PRIVATE-KEY-" + UUID.randomUUID();
    private Path gcloud;
    private Map<String, String> gcloudHashes;

    public CredentialSteps(World world) {
        this.world = world;
    }

    private void secret(String name, String value) {
        secrets.put(name, value);
        world.paude.env(name, value);
    }

    // ---- task 1: SSH

    @Given("the user's home has SSH keys, a known_hosts file and an SSH config")
    public void sshHome() throws Exception {
        world.homeFile(".ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + keyMarker + "\n-----END OPENSSH PRIVATE KEY-----\n");
        world.homeFile(".ssh/id_ed25519.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPaudeTestKey user@host\n");
        world.homeFile(".ssh/known_hosts", "gitlab.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPaudeTestHost\n");
        world.homeFile(".ssh/config", "Host *\n  IdentityFile ~/.ssh/id_ed25519\n");
    }

    @Given("the launcher's environment has SSH_AUTH_SOCK set")
    public void sshAuthSock() {
        secret("SSH_AUTH_SOCK", world.home.resolve(".ssh/agent.sock").toString());
    }

    @Then("the agent has no ~\\/.ssh directory")
    public void noSshDir() {
        Cmd.Result r = world.inAgent("ls -la ~/.ssh 2>&1; ls -d ~ && echo home-listed");
        assertThat(r.out()).contains("No such file or directory").contains("home-listed");
    }

    @Then("no file in the agent's filesystem holds the host's private key")
    public void keyNowhere() {
        // /usr is the image's own content (and large); anything mounted from the host is covered by the engine check
        Cmd.Result r = world.inAgent("grep -rl --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev --exclude-dir=usr -s '"
                + keyMarker + "' / ; echo grep-exit=$?");
        // grep exits 1 when nothing matched (2 would be an error, e.g. unreadable files, which -s keeps quiet)
        assertThat(r.out()).doesNotContain(keyMarker).doesNotContain("grep-exit=0");
        assertThat(r.out()).containsPattern("grep-exit=[12]");
    }

    @Then("the engine reports no mount from the user's ~\\/.ssh for the agent")
    public void noSshMount() {
        assertNoMountFrom(world.home.resolve(".ssh"));
    }

    @Then("the agent's environment has no SSH_AUTH_SOCK, by \\/proc\\/self\\/environ, \\/proc\\/1\\/environ and the engine's record")
    public void noAgentSocket() {
        assertAgentEnvLacks(secrets);
    }

    // ---- task 2: gh

    @Given("the user's home has a logged-in gh configuration")
    public void ghHome() throws Exception {
        world.homeFile(".config/gh/hosts.yml", "github.com:\n    oauth_token: gho_hostfiletoken00000000000000\n    user: jane\n"
                + "    git_protocol: https\n");
        world.homeFile(".config/gh/config.yml", "git_protocol: https\n");
    }

    @Given("the launcher's environment has GH_TOKEN, GITHUB_TOKEN, GH_ENTERPRISE_TOKEN and GITHUB_ENTERPRISE_TOKEN set")
    public void ghTokens() {
        secret("GH_TOKEN", "gho_hostenvtoken0000000000000001");
        secret("GITHUB_TOKEN", "ghp_hostenvtoken0000000000000002");
        secret("GH_ENTERPRISE_TOKEN", "ghp_hostenvtoken0000000000000003");
        secret("GITHUB_ENTERPRISE_TOKEN", "ghp_hostenvtoken0000000000000004");
    }

    @Then("gh in the agent works but reports that it is not logged into any host")
    public void ghNotLoggedIn() {
        Cmd.Result version = world.inAgent("gh --version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("gh version");
        Cmd.Result status = world.inAgent("gh auth status 2>&1; echo exit=$?");
        assertThat(status.out()).contains("You are not logged into any GitHub hosts").contains("exit=1");
    }

    @Then("the agent has no ~\\/.config\\/gh directory, though it may create one of its own")
    public void noGhDir() {
        Cmd.Result r = world.inAgent("ls ~/.config/gh 2>&1; mkdir ~/.config/gh && echo created");
        assertThat(r.out()).contains("No such file or directory").contains("created");
    }

    @Then("the engine reports no mount from the user's ~\\/.config\\/gh for the agent")
    public void noGhMount() {
        assertNoMountFrom(world.home.resolve(".config/gh"));
    }

    @Then("none of those tokens is in the agent's environment, by \\/proc\\/self\\/environ, \\/proc\\/1\\/environ and the engine's record")
    public void noTokens() {
        assertAgentEnvLacks(secrets);
    }

    // ---- task 3: gcloud, git configuration, Vertex environment

    @Given("the user's home has a gcloud directory with credentials")
    public void gcloudHome() throws Exception {
        useGcloud(world.home.resolve(".config/gcloud"));
    }

    @Given("the user's gcloud directory is elsewhere and CLOUDSDK_CONFIG names it")
    public void gcloudElsewhere() throws Exception {
        Path other = world.home.resolve("cloud/custom-gcloud");
        useGcloud(other);
        Files.writeString(other.resolve(ADC), "{\"type\": \"authorized_user\", \"note\": \"from CLOUDSDK_CONFIG\"}\n");
        chownGcloud();
        world.paude.env("CLOUDSDK_CONFIG", other.toString());
    }

    private void useGcloud(Path dir) throws Exception {
        gcloud = dir;
        Files.createDirectories(dir.resolve("configurations"));
        Files.writeString(dir.resolve(ADC), "{\"type\": \"authorized_user\", \"client_id\": \"test\", "
                + "\"refresh_token\": \"1//host-refresh-token\"}\n");
        Files.writeString(dir.resolve("configurations/config_default"), "[core]\naccount = jane@example.org\nproject = p\n");
        Files.write(dir.resolve("credentials.db"), new byte[] {0x53, 0x51, 0x4c, 0, 1, 2, (byte) 0xff});
        chownGcloud();
        gcloudHashes = hashes(dir);
    }

    /** The user owns their gcloud files, so only the read-only mount can stop the agent (not permissions). */
    private void chownGcloud() {
        Cmd.run(List.of("chown", "-R", Workspace.OWNER + ":" + Workspace.OWNER, gcloud.toString()), Map.of(),
                Duration.ofSeconds(30));
    }

    @Given("a sandbox in the gcloud-mount mode")
    public void gcloudMountMode() {
        world.startSandbox("--auth", "gcloud-mount");
    }

    @Then("the engine reports no mount at ~\\/.config\\/gcloud, and the agent finds no gcloud directory")
    public void noGcloud() {
        ContainerEvidence agent = world.agentEvidence();
        assertThat(agent.mountsNaming(GCLOUD_INSIDE)).isEmpty();
        assertThat(agent.mountsNaming(gcloud.toString())).isEmpty();
        Cmd.Result r = world.inAgent("ls " + GCLOUD_INSIDE + " 2>&1; echo exit=$?");
        assertThat(r.out()).as("%s", r).contains("No such file or directory").contains("exit=2");
    }

    @Then("the engine reports the user's gcloud directory mounted read-only at ~\\/.config\\/gcloud")
    public void gcloudMountInspect() {
        assertReadOnlyMount(gcloud.toString(), GCLOUD_INSIDE);
    }

    @Then("the agent can read the gcloud credentials")
    public void readGcloud() {
        Cmd.Result r = world.inAgent("cat ~/.config/gcloud/" + ADC + " && ls ~/.config/gcloud/configurations");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("1//host-refresh-token").contains("config_default");
    }

    @Then("the agent cannot create a file in the gcloud directory: {string}")
    public void cannotCreate(String reason) {
        assertFailsWith("touch ~/.config/gcloud/planted.json", reason);
        assertFailsWith("mkdir ~/.config/gcloud/legacy_credentials", reason);
    }

    @Then("the agent cannot change the gcloud credentials: {string}")
    public void cannotChange(String reason) {
        assertFailsWith("echo evil >> ~/.config/gcloud/" + ADC, reason);
        assertFailsWith("chmod 0666 ~/.config/gcloud/" + ADC, reason);
        assertFailsWith("mv ~/.config/gcloud/" + ADC + " ~/.config/gcloud/moved.json", reason);
    }

    @Then("the agent cannot delete the gcloud credentials: {string}")
    public void cannotDelete(String reason) {
        assertFailsWith("rm ~/.config/gcloud/" + ADC, reason);
        assertFailsWith("rm -r ~/.config/gcloud/configurations", reason);
    }

    @Then("the host's gcloud files are byte-for-byte unchanged")
    public void gcloudUnchanged() throws Exception {
        assertThat(hashes(gcloud)).isEqualTo(gcloudHashes);
    }

    @When("the host replaces the gcloud credentials file by writing a new file and renaming it")
    public void hostRewrites() throws Exception {
        Path fresh = gcloud.resolve(ADC + ".tmp");
        Files.writeString(fresh, "{\"type\": \"authorized_user\", \"refresh_token\": \"1//rotated-on-the-host\"}\n");
        Files.move(fresh, gcloud.resolve(ADC), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        chownGcloud();
    }

    @Then("the agent reads the new credentials")
    public void readsNew() {
        assertThat(world.inAgent("cat ~/.config/gcloud/" + ADC).out()).contains("1//rotated-on-the-host");
    }

    @Then("the agent can read the credentials of that directory at ~\\/.config\\/gcloud")
    public void readsCustom() {
        assertThat(world.inAgent("cat ~/.config/gcloud/" + ADC).out()).contains("from CLOUDSDK_CONFIG");
        assertReadOnlyMount(gcloud.toString(), GCLOUD_INSIDE);
        assertThat(world.agentEvidence().env()).noneMatch(e -> e.contains("CLOUDSDK_CONFIG"));
    }

    @Given("the user's global git configuration has an identity, a credential helper and a token in a URL rewrite")
    public void hostGitConfig() throws Exception {
        world.homeFile(".gitconfig", "[user]\n\tname = Jane Host\n\temail = jane@example.org\n[credential]\n\thelper = store\n"
                + "[url \"https://jane:ghp_rewritetoken000000000000000@github.com/\"]\n\tinsteadOf = https://github.com/\n"
                + "[core]\n\tsshCommand = ssh -i ~/.ssh/id_ed25519\n\tautocrlf = input\n[alias]\n\tboom = !touch /tmp/boom\n");
    }

    @Then("the agent's git identity is the user's")
    public void identity() {
        Cmd.Result r = world.inAgent("git config user.name; git config user.email; git config core.autocrlf");
        assertThat(r.out().lines()).containsExactly("Jane Host", "jane@example.org", "input");
    }

    @Then("the agent's global git configuration has no credential helper, URL rewrite or SSH command")
    public void sanitized() {
        Cmd.Result r = world.inAgent("git config --show-origin --list");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("user.name=Jane Host")
                .doesNotContain("credential.helper").doesNotContain("insteadof").doesNotContain("ghp_rewritetoken")
                .doesNotContain("sshcommand").doesNotContain("alias.");
    }

    @Then("the agent cannot change its global git configuration: {string}")
    public void gitConfigReadOnly(String reason) {
        assertFailsWith("git config --global user.name Mallory", reason);
        assertFailsWith("git config --global credential.helper store", reason);
        assertThat(world.inAgent("git config user.name").out().strip()).isEqualTo("Jane Host");
    }

    @Then("the engine reports the agent's git configuration mounted read-only at ~\\/.config\\/git")
    public void gitMountInspect() {
        assertReadOnlyMount(world.sessionDir(world.session).resolve("git").toString(), "/home/paude/.config/git");
        assertThat(world.agentEvidence().env()).contains("GIT_CONFIG_GLOBAL=/home/paude/.config/git/config");
    }

    @Given("the launcher's environment has the Vertex settings and these secrets:")
    public void vertexAndSecrets(Map<String, String> table) {
        vertex.put("CLAUDE_CODE_USE_VERTEX", "1");
        vertex.put("ANTHROPIC_VERTEX_PROJECT_ID", "paude-test-project");
        vertex.put("CLOUD_ML_REGION", "us-east5");
        vertex.put("VERTEX_REGION_CLAUDE_3_5_HAIKU", "europe-west1");
        vertex.forEach(world.paude::env);
        table.forEach(this::secret);
    }

    @Then("the agent sees the Vertex settings with their values")
    public void seesVertex() {
        Map<String, String> seen = env(world.inAgent("cat /proc/self/environ").out());
        vertex.forEach((k, v) -> assertThat(seen).containsEntry(k, v));
    }

    @Then("none of those secrets is in the agent's environment, by \\/proc\\/self\\/environ, \\/proc\\/1\\/environ and the engine's record")
    public void noSecrets() {
        assertAgentEnvLacks(secrets);
    }

    // ---- shared checks

    private void assertAgentEnvLacks(Map<String, String> unwanted) {
        assertThat(unwanted).isNotEmpty();
        Cmd.Result self = world.inAgent("cat /proc/self/environ");
        String init = world.initEnviron();
        assertThat(self.exit()).isZero();
        // positive control: these are real environments, with what paude does pass
        assertThat(env(self.out())).containsKey("PAUDE_SESSION");
        assertThat(env(init)).containsKey("PAUDE_SESSION");
        String recorded = String.join("\n", world.agentEvidence().env());
        assertThat(recorded).contains("PAUDE_SESSION=");
        for (Map.Entry<String, String> e : unwanted.entrySet()) {
            for (String evidence : List.of(self.out(), init, recorded)) {
                assertThat(evidence).doesNotContain(e.getKey() + "=").doesNotContain(e.getValue());
            }
        }
    }

    private void assertNoMountFrom(Path hostDir) {
        List<String> sources = world.agentEvidence().mountSources(false);
        assertThat(sources).isNotEmpty().noneMatch(s -> s.contains(hostDir.toString()))
                .noneMatch(s -> s.endsWith("/.ssh") || s.contains("/.config/gh"));
    }

    private void assertReadOnlyMount(String source, String target) {
        assertThat(world.agentEvidence().mounts()).contains(new ContainerEvidence.Mount("bind", source, target, false));
        Cmd.Result kernel = world.inAgent("grep ' " + target + " ' /proc/self/mountinfo");
        assertThat(kernel.out()).containsPattern(" " + target + " ro[, ]");
        assertThat(world.inAgent("test -d " + target + " && echo directory").out()).contains("directory");
    }

    private void assertFailsWith(String shell, String reason) {
        // a subshell, so that a failing redirection's message is captured too
        Cmd.Result r = world.inAgent("( " + shell + " ) 2>&1; echo exit=$?");
        assertThat(r.out()).contains(reason).doesNotContain("exit=0");
    }

    static Map<String, String> env(String procEnviron) {
        Map<String, String> m = new TreeMap<>();
        for (String entry : procEnviron.split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                m.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return m;
    }

    private static Map<String, String> hashes(Path dir) throws Exception {
        Map<String, String> h = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                h.put(dir.relativize(p).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return h;
    }
}
