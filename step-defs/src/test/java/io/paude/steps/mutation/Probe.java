package io.paude.steps.mutation;

import java.util.Objects;

/**
 * A scenario expected to catch a weakening: the feature file (under features/) and the scenario's exact name as
 * Cucumber reports it (a Scenario Outline's name with the example's values filled in).
 */
public record Probe(String feature, String scenario) {
    public Probe {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(scenario, "scenario");
        if (!feature.endsWith(".feature")) {
            throw new IllegalArgumentException("a probe names a .feature file: " + feature);
        }
    }

    /** The scenario that sees the second wall: the agent's kernel, its runtime, its profile in an exec'd process. */
    static final Probe GVISOR_WALL = of("gvisor",
            "the agent's processes see gVisor's kernel, the engine reports runsc, and the proxy stays on the default runtime");

    static Probe of(String feature, String scenario) {
        return new Probe(feature + ".feature", scenario);
    }

    @Override
    public String toString() {
        return feature + ": " + scenario;
    }
}
