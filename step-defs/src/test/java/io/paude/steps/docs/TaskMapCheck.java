package io.paude.steps.docs;

import io.paude.steps.report.ThreatModelReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What keeps docs/task-map.md from drifting: every task, threat and tag has one row; every class and image file a row
 * names exists; every feature a row names carries its tag, and every feature that carries a tag is named in its row;
 * a threat's row sits under a task or area whose scenarios prove that threat; every scenario carries a task or an
 * area. Each problem is one line that names the place and the fix.
 */
final class TaskMapCheck {
    static final String SOURCES = "launcher/src/main/java/io/paude/";
    /** {@code package/Class} or {@code package/Class.member}; the package is a path under {@link #SOURCES}. */
    private static final Pattern CLASS = Pattern.compile("((?:[a-z][a-z0-9]*/)*[A-Z][A-Za-z0-9]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?");
    private static final Pattern THREAT = Pattern.compile("@threat-[a-z0-9-]+");

    private TaskMapCheck() {
    }

    static List<String> problems(Path repo) throws IOException {
        TaskMap map = TaskMap.read(repo);
        Scenarios scenarios = Scenarios.of(repo);
        List<String> problems = new ArrayList<>();
        Map<String, TaskMap.Row> byTag = new HashMap<>();
        for (TaskMap.Row row : map.rows()) {
            TaskMap.Row first = byTag.putIfAbsent(row.tag(), row);
            if (first != null) {
                problems.add(row + ": a second row for " + row.tag() + " (the first is line " + first.line()
                        + "): one place per tag, merge them");
            }
        }
        for (String tag : expectedTags(repo, scenarios)) {
            if (!byTag.containsKey(tag)) {
                problems.add(TaskMap.FILE + ": no row for " + tag + ": add one under its task or area, with the classes "
                        + "that enforce it and the features whose scenarios carry it");
            }
        }
        for (TaskMap.Row row : map.rows()) {
            places(repo, row, problems);
            features(repo, row, scenarios, problems);
        }
        for (String tag : scenarios.tags("@task-", "@area-", "@threat-")) {
            TaskMap.Row row = byTag.get(tag);
            for (String feature : scenarios.featuresWithAll(tag)) {
                if (row != null && !row.features().contains(feature)) {
                    problems.add(row + ": features/" + feature + ".feature has a scenario tagged " + tag
                            + " but the row does not name it: add [" + feature + "](../features/" + feature + ".feature)");
                }
            }
        }
        for (Scenarios.Scenario s : scenarios.all()) {
            if (s.tags().stream().noneMatch(t -> t.startsWith("@task-") || t.startsWith("@area-"))) {
                problems.add("features/" + s.feature() + ".feature: the scenario '" + s.name() + "' carries neither a "
                        + "@task-N nor an @area- tag: tag it with the task it proves, or with its area (" + TaskMap.FILE + ")");
            }
        }
        return problems;
    }

    /** The twelve tasks, the threat model's threats, and every task, area and threat tag of a scenario. */
    private static Set<String> expectedTags(Path repo, Scenarios scenarios) throws IOException {
        Set<String> tags = new TreeSet<>(scenarios.tags("@task-", "@area-", "@threat-"));
        ThreatModelReport.TASKS.keySet().forEach(n -> tags.add("@task-" + n));
        Matcher m = THREAT.matcher(Files.readString(repo.resolve("docs/threat-model.md")));
        while (m.find()) {
            tags.add(m.group());
        }
        return tags;
    }

    private static void places(Path repo, TaskMap.Row row, List<String> problems) throws IOException {
        if (row.places().isEmpty()) {
            problems.add(row + ": names no class that enforces it (in backquotes: `package/Class`)");
        }
        for (String place : row.places()) {
            Matcher c = CLASS.matcher(place);
            if (c.matches()) {
                Path source = repo.resolve(SOURCES + c.group(1) + ".java");
                if (!Files.isRegularFile(source)) {
                    problems.add(row + ": `" + place + "`: no " + SOURCES + c.group(1) + ".java (moved or renamed? name it "
                            + "by its package and simple name)");
                } else if (c.group(2) != null && !Pattern.compile("\\b" + c.group(2) + "\\b").matcher(Files.readString(source)).find()) {
                    problems.add(row + ": `" + place + "`: " + c.group(1) + " has no member " + c.group(2));
                }
            } else if (!place.startsWith("images/") || !Files.isRegularFile(repo.resolve(place))) {
                problems.add(row + ": `" + place + "` is neither a class (package/Class, package/Class.member) under "
                        + SOURCES + " nor a file under images/");
            }
        }
    }

    private static void features(Path repo, TaskMap.Row row, Scenarios scenarios, List<String> problems) {
        if (row.features().isEmpty()) {
            problems.add(row + ": names no feature that proves it ([name](../features/name.feature))");
        }
        Set<String> carrying = scenarios.featuresWithAll(row.tag());
        for (String feature : row.features()) {
            if (!Files.isRegularFile(repo.resolve("features/" + feature + ".feature"))) {
                problems.add(row + ": features/" + feature + ".feature does not exist");
            } else if (!carrying.contains(feature)) {
                problems.add(row + ": features/" + feature + ".feature has no scenario tagged " + row.tag()
                        + ": tag the scenario that proves it, or take the feature out of the row");
            }
        }
        if (row.isThreat() && (row.group().isEmpty() || scenarios.featuresWithAll(row.tag(), row.group()).isEmpty())) {
            problems.add(row + ": sits under " + (row.group().isEmpty() ? "no task or area" : row.group())
                    + ", but no scenario carries both tags: move the row under a task or area whose scenarios prove it");
        }
    }
}
