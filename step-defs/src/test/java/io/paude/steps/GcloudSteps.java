package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.CredentialChecks;
import io.paude.steps.support.Digests;
import io.paude.steps.support.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Task 3: gcloud is not in the sandbox unless the user opts in, and then it is readable and cannot be changed. */
public class GcloudSteps {
    private static final String GCLOUD_INSIDE = "/home/paude/.config/gcloud";
    private static final String ADC = "application_default_credentials.json";
    private final World world;
    private final CredentialChecks checks;
    private Path gcloud;
    private Map<String, String> gcloudHashes;

    public GcloudSteps(World world, CredentialChecks checks) {
        this.world = world;
        this.checks = checks;
    }

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
        gcloudHashes = Digests.ofFiles(dir);
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
        checks.assertReadOnlyMount(gcloud.toString(), GCLOUD_INSIDE);
    }

    @Then("the agent can read the gcloud credentials")
    public void readGcloud() {
        Cmd.Result r = world.inAgent("cat ~/.config/gcloud/" + ADC + " && ls ~/.config/gcloud/configurations");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("1//host-refresh-token").contains("config_default");
    }

    @Then("the agent cannot create a file in the gcloud directory: {string}")
    public void cannotCreate(String reason) {
        checks.assertFailsWith("touch ~/.config/gcloud/planted.json", reason);
        checks.assertFailsWith("mkdir ~/.config/gcloud/legacy_credentials", reason);
    }

    @Then("the agent cannot change the gcloud credentials: {string}")
    public void cannotChange(String reason) {
        checks.assertFailsWith("echo evil >> ~/.config/gcloud/" + ADC, reason);
        checks.assertFailsWith("chmod 0666 ~/.config/gcloud/" + ADC, reason);
        checks.assertFailsWith("mv ~/.config/gcloud/" + ADC + " ~/.config/gcloud/moved.json", reason);
    }

    @Then("the agent cannot delete the gcloud credentials: {string}")
    public void cannotDelete(String reason) {
        checks.assertFailsWith("rm ~/.config/gcloud/" + ADC, reason);
        checks.assertFailsWith("rm -r ~/.config/gcloud/configurations", reason);
    }

    @Then("the host's gcloud files are byte-for-byte unchanged")
    public void gcloudUnchanged() {
        assertThat(Digests.ofFiles(gcloud)).isEqualTo(gcloudHashes);
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
        checks.assertReadOnlyMount(gcloud.toString(), GCLOUD_INSIDE);
        assertThat(world.agentEvidence().env()).noneMatch(e -> e.contains("CLOUDSDK_CONFIG"));
    }
}
