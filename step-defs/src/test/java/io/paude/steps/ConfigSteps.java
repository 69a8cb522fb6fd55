package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import io.paude.steps.support.Cmd;
import java.util.List;

/** Steps about the project configuration file and its approval. */
public class ConfigSteps {
    private final World world;

    public ConfigSteps(World world) {
        this.world = world;
    }

    private static String allowing(String host) {
        return "{\"allowDomains\": [\"" + host + "\"]}";
    }

    @When("the agent writes a paude.json that allows {string}")
    public void agentWritesConfig(String host) {
        Cmd.Result r = world.inAgent("printf '%s' '" + allowing(host) + "' > paude.json && cat paude.json");
        assertThat(r.out()).contains(host);
    }

    @Given("a workspace whose paude.json allows {string}")
    public void workspaceConfig(String host) {
        world.workspace.write("paude.json", allowing(host));
    }

    @When("the project configuration is changed to allow {string}")
    public void changeConfig(String host) {
        world.workspace.write("paude.json", allowing(host));
    }

    @When("the user approves the project configuration")
    public void approve() {
        Cmd.Result r = world.runPaude(List.of("config", "trust", "--workspace", world.workspace.dir().toString()));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @When("the user starts the next session in that workspace")
    public void nextSession() {
        world.containersBefore = world.paudeContainers();
        world.runPaude(world.runArgs(List.of(), List.of("true")));
    }

    @When("the user runs a command in that workspace that fetches {string}")
    public void runFetch(String url) {
        world.runPaude(world.runArgs(List.of(), List.of("curl", "-sS", "-m", "15", url)));
    }
}
