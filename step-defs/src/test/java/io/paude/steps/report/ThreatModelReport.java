package io.paude.steps.report;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Writes the threat-model page of a run: the twelve hardening tasks of docs/tasks.md, each with its scenarios and their
 * results, then each area that ran ({@code @area-...}: what no task is about, docs/task-map.md), so a reviewer sees at a
 * glance what is proven. Generated from the scenarios' tags, so it cannot drift.
 * Cucumber plugin argument: the output file (HTML).
 */
public final class ThreatModelReport implements ConcurrentEventListener {
    /** The twelve hardening tasks of docs/tasks.md by number (their headings there). */
    public static final Map<Integer, String> TASKS = Map.ofEntries(
            Map.entry(1, "SSH-based git push prevention"), Map.entry(2, "GitHub CLI operations prevention"),
            Map.entry(3, "Cloud credential protection"), Map.entry(4, "Network exfiltration prevention"),
            Map.entry(5, "Workspace filesystem protection"), Map.entry(6, "HTTPS git push prevention"),
            Map.entry(7, "Plugin system audit and lockdown"), Map.entry(8, "Command audit logging"),
            Map.entry(9, "Secrets and environment variable protection"), Map.entry(10, "Git history protection"),
            Map.entry(11, "Container resource limits"), Map.entry(12, "Package installation controls"));

    private final Path out;
    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();

    record Result(String feature, String name, List<String> tags, Status status) {
    }

    /** A row of the page: a task or an area, with the scenarios that carry its tag. */
    private record Line(String id, String title, List<Result> results) {
    }

    public ThreatModelReport(String out) {
        this.out = Path.of(out);
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestCaseFinished.class, e -> results.add(new Result(
                e.getTestCase().getUri().toString().replaceAll(".*/", ""), e.getTestCase().getName(),
                e.getTestCase().getTags(), e.getResult().getStatus())));
        publisher.registerHandlerFor(TestRunFinished.class, e -> write());
    }

    private void write() {
        Map<Integer, List<Result>> byTask = new TreeMap<>();
        TASKS.keySet().forEach(t -> byTask.put(t, new ArrayList<>()));
        Map<String, List<Result>> byArea = new TreeMap<>();
        for (Result r : results) {
            for (String tag : r.tags()) {
                if (tag.matches("@task-\\d+")) {
                    byTask.computeIfAbsent(Integer.parseInt(tag.substring(6)), k -> new ArrayList<>()).add(r);
                } else if (tag.startsWith("@area-")) {
                    byArea.computeIfAbsent(tag.substring(6), k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<Line> lines = new ArrayList<>();
        byTask.forEach((n, rs) -> lines.add(new Line("task-" + n, "Task " + n + ": " + TASKS.getOrDefault(n, "?"), rs)));
        byArea.forEach((a, rs) -> lines.add(new Line("area-" + a, "Area: " + a, rs)));
        StringBuilder h = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>paude threat model</title><style>
                body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}
                .PASSED{color:#080}.FAILED{color:#c00}.none{color:#a60}</style></head><body>
                <h1>paude threat model: the twelve hardening tasks (docs/tasks.md) and the scenarios that prove them</h1>
                <p>Then the areas no task is about (baseline, command line, lifecycle, ...) that ran. Where each is
                enforced in the launcher: docs/task-map.md.</p>
                """);
        h.append("<p>Engine: ").append(esc(System.getProperty("paude.engine", "docker"))).append(". Run: ")
                .append(Instant.now()).append(".</p>\n<table><tr><th>task or area</th><th>status</th><th>scenarios</th></tr>\n");
        for (Line line : lines) {
            List<Result> rs = line.results();
            long failed = rs.stream().filter(r -> r.status() != Status.PASSED).count();
            String status = rs.isEmpty() ? "none" : failed == 0 ? "PASSED" : "FAILED";
            String label = rs.isEmpty() ? "no scenario" : failed == 0 ? "verified (" + rs.size() + " passed)"
                    : "failing (" + failed + " of " + rs.size() + ")";
            h.append("<tr id=\"").append(line.id()).append("\"><td>").append(esc(line.title()))
                    .append("</td><td class=\"").append(status).append("\">")
                    .append(label).append("</td><td><ul>");
            for (Result r : rs) {
                h.append("<li class=\"").append(r.status()).append("\">").append(r.status()).append(" ")
                        .append(esc(r.feature())).append(": ").append(esc(r.name())).append(" <small>")
                        .append(esc(String.join(" ", r.tags()))).append("</small></li>");
            }
            h.append("</ul></td></tr>\n");
        }
        h.append("</table></body></html>\n");
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
