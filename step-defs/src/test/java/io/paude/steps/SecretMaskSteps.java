package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.KernelView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secret files of the workspace read as nothing, through any path, while ordinary files stay readable: the masks,
 * what the engine reports of them, that no refused read leaks what was written, and that a masked file replaced on
 * the host during a session is warned about (paude exec, paude audit, the session's end).
 */
public class SecretMaskSteps {
    private static final String GONE = "NOT MASKED ANY MORE";
    private final World world;
    /** What was written into the workspace, to prove no output leaks it. */
    private final Map<String, String> written = new LinkedHashMap<>();
    private final Map<String, Boolean> expectMasked = new LinkedHashMap<>();
    private Cmd.Result readAgain;

    public SecretMaskSteps(World world) {
        this.world = world;
    }

    @Given("a workspace holding {string} with {string}")
    public void holding(String path, String content) {
        String text = content.replace("\\n", "\n");
        world.workspace.write(path, text);
        written.put(path, text);
    }

    @Given("a workspace holding these files:")
    public void holdingFiles(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            holding(row.get("path"), row.get("content"));
            expectMasked.put(row.get("path"), "yes".equals(row.get("masked")));
        }
    }

    @Given("a hard link {string} to {string} made before the start")
    public void hardLink(String link, String target) throws IOException {
        Path l = world.workspace.dir().resolve(link);
        Files.createDirectories(l.getParent());
        Files.createLink(l, world.workspace.dir().resolve(target));
        world.workspace.chownToOwner();
        written.put(link, written.get(target));
    }

    @Given("a sandbox on that workspace")
    public void sandbox() {
        world.startSandbox();
    }

    @Given("a sandbox on that workspace with {string} {string}")
    public void sandboxWith(String flag, String value) {
        world.startSandbox(flag, value);
    }

    @Given("a trusted project configuration that masks {string}")
    public void configMasks(String glob) {
        trustedConfig("{\"secrets\": {\"mask\": [\"" + glob + "\"]}}");
    }

    @Given("a trusted project configuration that allows {string}")
    public void configAllows(String glob) {
        trustedConfig("{\"secrets\": {\"allow\": [\"" + glob + "\"]}}");
    }

    private void trustedConfig(String json) {
        world.workspace.write("paude.json", json);
        Cmd.Result r = world.paude.run(List.of("config", "trust", "--workspace", world.workspace.dir().toString()));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @Then("the agent reads {string} from {string}")
    public void agentReads(String content, String path) {
        agentReadsThrough(content, "cat " + path);
    }

    @Then("the agent reads {string} through {string}")
    public void agentReadsThrough(String content, String command) {
        Cmd.Result r = world.inAgent(command);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains(content);
    }

    @Then("reading {string} fails because {string}")
    public void readingFails(String path, String reason) {
        Cmd.Result r = world.inAgent("cat " + path);
        assertThat(r.exit()).as("reading must fail\n%s", r).isNotZero();
        assertThat(r.both()).contains(reason);
        assertNoLeak(r);
    }

    @Then("writing {string} fails because {string}")
    public void writingFails(String path, String reason) {
        assertThat(world.fromAgent().refusedWrite(path)).containsPattern(KernelView.reason(reason));
    }

    private void assertNoLeak(Cmd.Result r) {
        for (Map.Entry<String, String> w : written.entrySet()) {
            if (!Boolean.FALSE.equals(expectMasked.get(w.getKey())) && !w.getKey().equals("notes.txt")) {
                assertThat(r.both()).as("output of %s leaks %s", r.argv(), w.getKey()).doesNotContain(w.getValue().strip());
            }
        }
    }

    @Then("the engine reports {string} and {string} as read-only mounts in the workspace")
    public void engineReportsMasks(String a, String b) {
        ContainerEvidence agent = world.agentEvidence();
        for (String f : List.of(a, b)) {
            assertThat(agent.mountAt(world.workspace.dir().resolve(f).toString()).rw()).as("%s writable", f).isFalse();
        }
        assertThat(agent.mountAt(world.workspace.dir().toString()).rw()).as("the workspace itself stays writable").isTrue();
    }

    @Then("each way of reading {string} fails, and the same way works on an ordinary file:")
    public void eachWayFails(String secret, DataTable table) {
        int n = 0;
        for (Map<String, String> row : table.asMaps()) {
            String command = row.get("command");
            Cmd.Result attack = world.inAgent(command.replace("FILE", secret));
            assertThat(attack.exit()).as("%s must fail\n%s", row.get("way"), attack).isNotZero();
            assertThat(attack.both()).as("%s must fail because %s\n%s", row.get("way"), row.get("reason"), attack)
                    .containsPattern(KernelView.reason(row.get("reason")));
            assertNoLeak(attack);
            String dir = "control-" + n++;
            Cmd.Result control = world.inAgent("mkdir " + dir + " && cd " + dir + " && printf 'ordinary notes' > ordinary && "
                    + command.replace("FILE", "ordinary"));
            assertThat(control.exit()).as("%s on an ordinary file must work\n%s", row.get("way"), control).isZero();
        }
    }

    @Then("each file marked masked reads {string} and every other file reads its content")
    public void eachFileMasked(String reason) {
        expectMasked.forEach((path, masked) -> {
            if (masked) {
                readingFails(path, reason);
            } else {
                agentReads(written.get(path), path);
            }
        });
    }

    @When("the agent writes {string} with {string}")
    public void agentWrites(String path, String content) {
        Cmd.Result r = world.inAgent("printf '%s' '" + content + "' > " + path + " && cat " + path);
        assertThat(r.out()).as("%s", r).contains(content);
    }

    @Then("paude warned that {string} appeared during the session and was not masked")
    public void warnedLate(String path) {
        assertThat(world.launched.err()).contains("warning").contains(path).contains("NOT masked");
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
