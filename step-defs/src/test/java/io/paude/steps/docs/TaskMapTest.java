package io.paude.steps.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/task-map.md, the one map from task and threat to the code that enforces it and the scenarios that prove it,
 * agrees with the launcher's sources and the feature files (see {@link TaskMapCheck}). A unit test without an engine
 * (Surefire, in {@code mvn verify}).
 */
class TaskMapTest {
    @TempDir
    Path tmp;

    static Path repo() {
        return Path.of(System.getProperty("paude.repo", "..")).toAbsolutePath().normalize();
    }

    @Test
    void theTaskMapAgreesWithTheSourcesAndTheFeatures() throws IOException {
        assertThat(TaskMap.read(repo()).rows()).as("rows of " + TaskMap.FILE).hasSizeGreaterThan(60);
        assertThat(TaskMapCheck.problems(repo())).as("what " + TaskMap.FILE + " gets wrong").isEmpty();
    }

    @Test
    void aSmallRepositoryThatAgreesHasNoProblem() throws IOException {
        repository(row("@threat-dns", "`policy/Allowlist`", "net"));
        assertThat(TaskMapCheck.problems(tmp)).isEmpty();
    }

    @Test
    void aMissingRowAMissingClassAndAMissingMemberAreNamed() throws IOException {
        repository(row("@threat-dns", "`policy/Allowlist.narrow`, `policy/Gone`, `images/agent/gone.c`", "net"));
        Path map = tmp.resolve(TaskMap.FILE);
        Files.writeString(map, Files.readString(map).replace(task(1), ""));
        assertThat(TaskMapCheck.problems(tmp)).containsExactlyInAnyOrder(
                "docs/task-map.md: no row for @task-1: add one under its task or area, with the classes that enforce it and "
                        + "the features whose scenarios carry it",
                "docs/task-map.md:8 (@threat-dns): `policy/Allowlist.narrow`: policy/Allowlist has no member narrow",
                "docs/task-map.md:8 (@threat-dns): `policy/Gone`: no launcher/src/main/java/io/paude/policy/Gone.java (moved "
                        + "or renamed? name it by its package and simple name)",
                "docs/task-map.md:8 (@threat-dns): `images/agent/gone.c` is neither a class (package/Class, "
                        + "package/Class.member) under launcher/src/main/java/io/paude/ nor a file under images/");
    }

    @Test
    void featuresMustCarryTheirRowsTagAndEveryTaggedFeatureMustBeNamed() throws IOException {
        repository(row("@threat-dns", "`policy/Allowlist`", "lifecycle"));
        assertThat(TaskMapCheck.problems(tmp)).containsExactlyInAnyOrder(
                "docs/task-map.md:9 (@threat-dns): features/lifecycle.feature has no scenario tagged @threat-dns: tag the "
                        + "scenario that proves it, or take the feature out of the row",
                "docs/task-map.md:9 (@threat-dns): features/net.feature has a scenario tagged @threat-dns but the row does "
                        + "not name it: add [net](../features/net.feature)");
    }

    @Test
    void aThreatUnderATaskThatDoesNotProveItAndAScenarioWithoutTaskOrAreaAreNamed() throws IOException {
        repository(row("@threat-dns", "`policy/Allowlist`", "net"));
        Path map = tmp.resolve(TaskMap.FILE);
        Files.writeString(map, Files.readString(map).replace(task(4) + row("@threat-dns", "`policy/Allowlist`", "net"),
                row("@threat-dns", "`policy/Allowlist`", "net") + task(4)));
        write("features/lifecycle.feature", "Feature: lifecycle\n  @area-lifecycle\n  Scenario: a stop\n    Given x\n\n"
                + "  @evil\n  Scenario: untagged\n    Given x\n");
        assertThat(TaskMapCheck.problems(tmp)).contains(
                "docs/task-map.md:8 (@threat-dns): sits under @task-3, but no scenario carries both tags: move the row "
                        + "under a task or area whose scenarios prove it",
                "features/lifecycle.feature: the scenario 'untagged' carries neither a @task-N nor an @area- tag: tag it "
                        + "with the task it proves, or with its area (docs/task-map.md)");
    }

    /** A repository with one class, a threat model naming @threat-dns, a feature per task and one of an area, and their map. */
    private void repository(String dnsRow) throws IOException {
        write("launcher/src/main/java/io/paude/policy/Allowlist.java", "record Allowlist() {}\n");
        write("docs/threat-model.md", "| threat | mitigation | tags |\n|---|---|---|\n| DNS | none | @threat-dns |\n");
        write("features/net.feature", "@task-4\nFeature: net\n  @threat-dns\n  Scenario: a lookup\n    Given x\n");
        write("features/lifecycle.feature", "@area-lifecycle\nFeature: lifecycle\n  Scenario: a stop\n    Given x\n");
        for (int n = 1; n <= 12; n++) {
            if (n != 4) {
                write("features/t" + n + ".feature", "@task-" + n + "\nFeature: task " + n + "\n  Scenario: s\n    Given x\n");
            }
        }
        String tasks = IntStream.rangeClosed(1, 12).mapToObj(TaskMapTest::task).collect(Collectors.joining());
        write(TaskMap.FILE, "# Task map\n\n" + TaskMap.HEADER + "\n|---|---|---|---|\n"
                + tasks.replace(task(4), task(4) + dnsRow) + row("@area-lifecycle", "`policy/Allowlist`", "lifecycle"));
    }

    private static String task(int n) {
        return row("@task-" + n, "`policy/Allowlist`", n == 4 ? "net" : "t" + n);
    }

    private static String row(String tag, String places, String feature) {
        return "| " + tag + " | what | " + places + " | "
                + "[" + feature + "](../features/" + feature + ".feature) |\n";
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(tmp.resolve(path).getParent());
        Files.writeString(tmp.resolve(path), text);
    }
}
