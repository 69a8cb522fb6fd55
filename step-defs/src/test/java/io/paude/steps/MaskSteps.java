package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Steps about the masks themselves: what the engine mounts, and a masked file replaced on the host during a session. */
public class MaskSteps {
    private static final String GONE = "NOT MASKED ANY MORE";
    private final World world;
    private Cmd.Result readAgain;

    public MaskSteps(World world) {
        this.world = world;
    }

    @Then("the engine reports {string} as a read-only mount in the workspace, and {string} as none")
    public void engineReportsMask(String masked, String ordinary) {
        ContainerEvidence agent = world.agentEvidence();
        assertThat(agent.mountAt(world.workspace.dir().resolve(masked).toString()).rw()).as("%s writable", masked).isFalse();
        String none = world.workspace.dir().resolve(ordinary).toString();
        assertThat(agent.mounts()).noneMatch(m -> m.destination().contains(none));
        assertThat(agent.mountAt(world.workspace.dir().toString()).rw()).as("the workspace itself stays writable").isTrue();
    }

    @Then("paude exec gave no warning about masks")
    public void noWarning() {
        assertThat(world.agent.err()).as("%s", world.agent).doesNotContain(GONE);
    }

    /** As an editor saves: the new content goes to a file next to it, which is then renamed over the old one. */
    @When("the user saves {string} on the host as an editor does, with {string}")
    public void editorSave(String path, String content) throws IOException {
        Path file = world.workspace.dir().resolve(path);
        Path tmp = file.resolveSibling(file.getFileName() + ".paude-test-save");
        Files.writeString(tmp, content + "\n");
        world.workspace.chownToOwner();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @When("the agent reads {string} again")
    public void readAgain(String path) {
        readAgain = world.inAgent("cat " + path);
    }

    @Then("paude exec warned that {string} is NOT MASKED ANY MORE, and not {string}")
    public void execWarned(String replaced, String kept) {
        String err = readAgain.err();
        assertThat(err).as("%s", readAgain).contains("paude: warning: " + GONE + ": " + replaced + " of session " + world.session)
                .contains("paude stop " + world.session);
        assertThat(err.substring(err.indexOf(GONE))).as("only the replaced file is named").doesNotContain(kept);
    }

    @Then("the agent did read {string}: the warning is no false alarm")
    public void didRead(String content) {
        assertThat(readAgain.exit()).as("%s", readAgain).isZero();
        assertThat(readAgain.out()).contains(content);
    }

    @Then("paude audit shows {string} as UNMASKED")
    public void auditShows(String path) {
        Cmd.Result r = world.paude.run(List.of("audit", world.session));
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).as("%s", r).containsPattern("UNMASKED +" + java.util.regex.Pattern.quote(path) + " ");
        Cmd.Result json = world.paude.run(List.of("audit", world.session, "--json", "--grep", "unmasked"));
        assertThat(json.out()).as("%s", json).contains("\"type\":\"unmasked\"").contains("\"file\":\"" + path + "\"")
                .doesNotContain("secrets.txt");
    }

    @Then("paude warned that {string} is NOT MASKED ANY MORE")
    public void warnedAtEnd(String path) {
        assertThat(world.launched.err()).as("%s", world.launched).contains("paude: warning: " + GONE + ": " + path);
    }
}
