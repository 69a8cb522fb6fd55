package io.paude.steps;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.paude.steps.support.TestImages;

public class Hooks {
    private final World world;

    public Hooks(World world) {
        this.world = world;
    }

    @Before(order = 0)
    public void engineAndImages() {
        TestImages.ensure();
    }

    @After
    public void cleanUp(Scenario scenario) {
        if (scenario.isFailed()) {
            if (world.launched != null) {
                scenario.log("last paude call: " + world.launched);
            }
            if (world.agent != null) {
                scenario.log("last agent command: " + world.agent);
            }
        }
        world.cleanUp();
    }
}
