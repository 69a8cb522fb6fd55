package io.paude.steps.verify;

import io.paude.steps.report.ThreatModelReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The table {@code paude verify} ends with: scenarios passed and failed per task of docs/tasks.md (every task,
 * so a filtered run shows what it did not cover), per area ({@code @area-...}, what no task is about) and per threat
 * that ran, and overall. A pure function of the
 * results; a scenario that did not pass (failed, aborted, undefined or pending step) counts as failed.
 */
public record Summary(List<Row> tasks, List<Row> areas, List<Row> threats, Row overall) {
    public record Row(String label, int passed, int failed) {
        Row plus(boolean pass) {
            return new Row(label, passed + (pass ? 1 : 0), failed + (pass ? 0 : 1));
        }

        String status() {
            return failed > 0 ? "FAILED" : passed > 0 ? "passed" : "not run";
        }
    }

    public Summary {
        tasks = List.copyOf(tasks);
        areas = List.copyOf(areas);
        threats = List.copyOf(threats);
    }

    public static Summary of(List<ScenarioResult> results) {
        Map<Integer, Row> tasks = new TreeMap<>();
        ThreatModelReport.TASKS.forEach((n, title) -> tasks.put(n, new Row(String.format("task-%-2d %s", n, title), 0, 0)));
        Map<String, Row> areas = new TreeMap<>();
        Map<String, Row> threats = new TreeMap<>();
        Row overall = new Row("overall", 0, 0);
        for (ScenarioResult r : results) {
            for (String tag : r.tags()) {
                if (tag.matches("@task-\\d+")) {
                    int n = Integer.parseInt(tag.substring("@task-".length()));
                    tasks.computeIfAbsent(n, k -> new Row(String.format("task-%-2d", k), 0, 0));
                    tasks.computeIfPresent(n, (k, row) -> row.plus(r.passed()));
                } else if (tag.startsWith("@area-") || tag.startsWith("@threat-")) {
                    Map<String, Row> rows = tag.startsWith("@area-") ? areas : threats;
                    rows.computeIfAbsent(tag, t -> new Row(t, 0, 0));
                    rows.computeIfPresent(tag, (t, row) -> row.plus(r.passed()));
                }
            }
            overall = overall.plus(r.passed());
        }
        return new Summary(new ArrayList<>(tasks.values()), new ArrayList<>(areas.values()), new ArrayList<>(threats.values()),
                overall);
    }

    /** Certified only when something ran and nothing failed: an empty run proves nothing. */
    public boolean certified() {
        return overall.failed() == 0 && overall.passed() > 0;
    }

    public String table() {
        int width = 4;
        for (Row r : tasks) {
            width = Math.max(width, r.label().length());
        }
        for (Row r : areas) {
            width = Math.max(width, r.label().length());
        }
        for (Row r : threats) {
            width = Math.max(width, r.label().length());
        }
        String format = "%-" + width + "s  %6s  %6s  %s%n";
        StringBuilder t = new StringBuilder();
        t.append(String.format(format, "task", "passed", "failed", ""));
        tasks.forEach(r -> t.append(line(format, r)));
        if (!areas.isEmpty()) {
            t.append(String.format(format, "area", "", "", ""));
            areas.forEach(r -> t.append(line(format, r)));
        }
        if (!threats.isEmpty()) {
            t.append(String.format(format, "threat area", "", "", ""));
            threats.forEach(r -> t.append(line(format, r)));
        }
        t.append(line(format, overall));
        t.replace(0, t.length(), t.toString().lines().map(String::stripTrailing).collect(Collectors.joining("\n", "", "\n")));
        t.append(certified() ? "CERTIFIED: every scenario that ran passed\n"
                : overall.passed() + overall.failed() == 0 ? "NOT CERTIFIED: no scenario ran (check --tags)\n"
                : "NOT CERTIFIED: " + overall.failed() + " scenario(s) failed\n");
        return t.toString();
    }

    private static String line(String format, Row r) {
        return String.format(format, r.label(), r.passed(), r.failed(), r.status());
    }
}
