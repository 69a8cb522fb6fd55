package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.steps.support.Suite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/threat-model.md and the scenarios' @threat tags must name the same threats, so neither drifts. */
class ThreatModelIT {
    private static final Pattern TAG = Pattern.compile("@threat-[a-z0-9-]+");

    @Test
    void everyThreatTagIsInTheThreatModelAndEveryListedTagHasAScenario() throws IOException {
        Set<String> inFeatures = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Suite.repo().resolve("features"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".feature")).toList()) {
                inFeatures.addAll(tags(Files.readString(f)));
            }
        }
        Set<String> inDoc = tags(Files.readString(Suite.repo().resolve("docs/threat-model.md")));
        assertThat(inDoc).as("tags named in docs/threat-model.md without a scenario").isSubsetOf(inFeatures);
        assertThat(inFeatures).as("@threat tags of scenarios missing from docs/threat-model.md").isSubsetOf(inDoc);
    }

    private static Set<String> tags(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = TAG.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
