package io.paude.steps.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static ScenarioResult scenario(boolean passed, String... tags) {
        return new ScenarioResult("baseline", "a scenario", List.of(tags), passed);
    }

    @Test
    void countsEachScenarioUnderEveryTaskAndThreatItIsTaggedWith() {
        Summary s = Summary.of(List.of(
                scenario(true, "@task-4", "@threat-exfiltration", "@rootless-core"),
                scenario(false, "@task-4", "@task-6", "@threat-exfiltration"),
                scenario(true, "@task-11", "@threat-resource-exhaustion"),
                scenario(true, "@area-baseline", "@threat-privilege")));

        assertThat(s.tasks()).hasSize(12).contains(new Summary.Row("task-4  Network exfiltration prevention", 1, 1),
                new Summary.Row("task-6  HTTPS git push prevention", 0, 1),
                new Summary.Row("task-11 Container resource limits", 1, 0),
                new Summary.Row("task-1  SSH-based git push prevention", 0, 0));
        assertThat(s.areas()).containsExactly(new Summary.Row("@area-baseline", 1, 0));
        assertThat(s.threats()).containsExactly(new Summary.Row("@threat-exfiltration", 1, 1),
                new Summary.Row("@threat-privilege", 1, 0), new Summary.Row("@threat-resource-exhaustion", 1, 0));
        assertThat(s.overall()).isEqualTo(new Summary.Row("overall", 3, 1));
        assertThat(s.certified()).isFalse();
        assertThat(s.table()).contains("NOT CERTIFIED: 1 scenario(s) failed")
                .containsPattern("task-4  Network exfiltration prevention +1 +1  FAILED")
                .containsPattern("task-1  SSH-based git push prevention +0 +0  not run")
                .containsPattern("(?s)area\n@area-baseline +1 +0  passed\nthreat area\n")
                .containsPattern("overall +3 +1  FAILED");
    }

    @Test
    void certifiedOnlyWhenSomethingRanAndEverythingPassed() {
        Summary passed = Summary.of(List.of(scenario(true, "@task-5")));
        assertThat(passed.certified()).isTrue();
        assertThat(passed.table()).contains("CERTIFIED: every scenario that ran passed")
                .containsPattern("task-5  Workspace filesystem protection +1 +0  passed");

        Summary empty = Summary.of(List.of());
        assertThat(empty.certified()).isFalse();
        assertThat(empty.table()).contains("NOT CERTIFIED: no scenario ran");
    }

    @Test
    void aTaskOutsideTheTwelveStillGetsARow() {
        assertThat(Summary.of(List.of(scenario(true, "@task-13"))).tasks()).contains(new Summary.Row("task-13", 1, 0));
    }
}
