package io.paude.steps.verify;

import java.util.List;

/** One scenario (or one row of a Scenario Outline) as it ended: tags with their '@'. */
public record ScenarioResult(String feature, String name, List<String> tags, boolean passed) {
    public ScenarioResult {
        tags = List.copyOf(tags);
    }
}
