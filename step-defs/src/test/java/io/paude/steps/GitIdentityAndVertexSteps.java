package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.CredentialChecks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Task 3: the agent's git configuration is the user's identity, sanitized and read-only; only the documented Vertex
 * variables pass from the launcher's environment.
 */
public class GitIdentityAndVertexSteps {
    private final World world;
    private final CredentialChecks checks;
    private final Map<String, String> vertex = new LinkedHashMap<>();

    public GitIdentityAndVertexSteps(World world, CredentialChecks checks) {
        this.world = world;
        this.checks = checks;
    }

    @Given("the user's global git configuration has an identity, a credential helper and a token in a URL rewrite")
    public void hostGitConfig() {
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
        checks.assertFailsWith("git config --global user.name Mallory", reason);
        checks.assertFailsWith("git config --global credential.helper store", reason);
        assertThat(world.inAgent("git config user.name").out().strip()).isEqualTo("Jane Host");
    }

    @Then("the engine reports the agent's git configuration mounted read-only at ~\\/.config\\/git")
    public void gitMountInspect() {
        checks.assertReadOnlyMount(world.sessionDir(world.session).resolve("git").toString(), "/home/paude/.config/git");
        assertThat(world.agentEvidence().env()).contains("GIT_CONFIG_GLOBAL=/home/paude/.config/git/config");
    }

    @Given("the launcher's environment has the Vertex settings and these secrets:")
    public void vertexAndSecrets(Map<String, String> table) {
        vertex.put("CLAUDE_CODE_USE_VERTEX", "1");
        vertex.put("ANTHROPIC_VERTEX_PROJECT_ID", "paude-test-project");
        vertex.put("CLOUD_ML_REGION", "us-east5");
        vertex.put("VERTEX_REGION_CLAUDE_3_5_HAIKU", "europe-west1");
        vertex.forEach(world.paude::env);
        table.forEach(checks::secret);
    }

    @Then("the agent sees the Vertex settings with their values")
    public void seesVertex() {
        Map<String, String> seen = CredentialChecks.env(world.inAgent("cat /proc/self/environ").out());
        vertex.forEach((k, v) -> assertThat(seen).containsEntry(k, v));
    }

    @Then("none of those secrets is in the agent's environment, by \\/proc\\/self\\/environ, \\/proc\\/1\\/environ and the engine's record")
    public void noSecrets() {
        checks.assertAgentEnvLacksSecrets();
    }
}
