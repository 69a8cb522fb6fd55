package io.paude.steps.mutation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * reports/mutation.md and reports/mutation.html (and the same as mutation-ENGINE.*, kept per engine): the baseline, then each weakening (what it removes, where, the
 * threat-model rows it weakens) with the scenario that caught it and how (the failed step and its message), then the
 * rows of docs/threat-model.md with their weakenings and verdicts.
 *
 * @param scope empty for the whole pass, else what part of it ran (core set, -Dpaude.mutation.only)
 */
record MutationReport(List<Outcome> baseline, Duration baselineTook, Map<Weakening, List<Outcome>> runs, String scope,
        Duration took) {

    MutationReport {
        baseline = List.copyOf(baseline);
        runs = Map.copyOf(runs);
    }

    /** Weakenings no scenario caught (all of them when the baseline failed and nothing was weakened). */
    List<Weakening> uncaught() {
        return java.util.Arrays.stream(Weakening.values())
                .filter(w -> runs.containsKey(w) && runs.get(w).stream().noneMatch(Outcome::caught)).toList();
    }

    String markdown() {
        StringBuilder m = new StringBuilder("# Sandbox mutation pass (" + System.getProperty("paude.engine", "docker") + ")\n\n");
        m.append("Each weakening removes one hardening measure from an otherwise real sandbox; at least one scenario must fail. ")
                .append("A failure counts only if the weakened launcher really changed the sandbox and the weakened agent's container started.\n\n");
        if (!scope.isEmpty()) {
            m.append(scope).append("\n\n");
        }
        boolean baselineOk = baseline.stream().allMatch(o -> o.status() == Outcome.Status.PASSED);
        m.append("## Baseline: the probe scenarios on the real sandbox: ").append(baselineOk ? "PASSED" : "FAILED")
                .append(" (").append(seconds(baselineTook)).append(")\n\n| scenario | result | time |\n|---|---|---|\n");
        baseline.forEach(o -> m.append("| ").append(cell(o.probe().toString())).append(" | ").append(o.status())
                .append(o.reason().isEmpty() ? "" : ": " + cell(o.reason())).append(" | ").append(seconds(o.took())).append(" |\n"));
        m.append("\n## Weakenings\n\n| weakening: what it removes | measure (where it lives) | threat-model rows | verdict | caught by "
                + "| how (the failed step and its message) | time |\n").append("|---|---|---|---|---|---|---|\n");
        for (Weakening w : Weakening.values()) {
            List<Outcome> os = runs.get(w);
            String rows = cell(String.join(" ", w.threats())) + (w.core() ? " (core)" : "");
            if (os == null) {
                m.append("| ").append(w).append(": ").append(cell(w.description())).append(" | ").append(cell(w.measure()))
                        .append(" | ").append(rows).append(" | not run | | | |\n");
                continue;
            }
            Outcome catcher = os.stream().filter(Outcome::caught).findFirst().orElse(null);
            Outcome last = os.get(os.size() - 1);
            m.append("| ").append(w).append(": ").append(cell(w.description())).append(" | ").append(cell(w.measure()))
                    .append(" | ").append(rows)
                    .append(" | ").append(catcher != null ? "caught" : "**NOT CAUGHT**").append(" | ")
                    .append(catcher != null ? cell(catcher.probe().toString()) : "none of: " + cell(probes(os))).append(" | ")
                    .append(cell(catcher != null ? catcher.reason() : why(last))).append(" | ")
                    .append(seconds(os.stream().map(Outcome::took).reduce(Duration.ZERO, Duration::plus))).append(" |\n");
        }
        threatRows(m);
        List<Weakening> uncaught = uncaught();
        m.append("\n").append(uncaught.isEmpty() ? (baselineOk ? "Every weakening run was caught." : "Weakenings not run: the baseline failed.")
                : "NOT CAUGHT: " + uncaught).append(" Total time ").append(seconds(took)).append(".\n");
        return m.toString();
    }

    /** Each row of docs/threat-model.md, the weakenings that remove its mitigation, and what became of them here. */
    private void threatRows(StringBuilder m) {
        List<ThreatCoverageTest.Row> rows;
        try {
            rows = ThreatCoverageTest.rows();
        } catch (IOException | RuntimeException e) {
            m.append("\n(docs/threat-model.md not read: ").append(cell(String.valueOf(e.getMessage()))).append(")\n");
            return;
        }
        m.append("\n## Threat-model rows\n\n| threat (docs/threat-model.md) | tags | weakenings | verdict |\n|---|---|---|---|\n");
        for (ThreatCoverageTest.Row row : rows) {
            List<Weakening> ws = java.util.Arrays.stream(Weakening.values())
                    .filter(w -> w.threats().stream().anyMatch(e -> ThreatCoverageTest.named(e, rows).contains(row))).toList();
            boolean anyRun = ws.stream().anyMatch(runs::containsKey);
            boolean allCaught = ws.stream().filter(runs::containsKey).allMatch(w -> runs.get(w).stream().anyMatch(Outcome::caught));
            String verdict = ws.isEmpty() ? "**NO WEAKENING**" : !anyRun ? "not run" : allCaught ? "caught" : "**NOT CAUGHT**";
            String threat = row.threat().length() > 120 ? row.threat().substring(0, 120) + " ..." : row.threat();
            m.append("| ").append(cell(threat)).append(" | ").append(String.join(" ", row.tags())).append(" | ")
                    .append(ws.stream().map(Weakening::name).collect(Collectors.joining(" "))).append(" | ").append(verdict).append(" |\n");
        }
    }

    String html() {
        StringBuilder h = new StringBuilder("<!doctype html><meta charset=utf-8><title>paude mutation pass</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;")
                .append("padding:.3em .6em;text-align:left;vertical-align:top}.bad{background:#fdd}.ok{background:#dfd}</style>");
        boolean table = false;
        for (String line : markdown().lines().toList()) {
            if (table && !line.startsWith("|")) {
                h.append("</table>");
                table = false;
            }
            if (line.startsWith("# ")) {
                h.append("<h1>").append(esc(line.substring(2))).append("</h1>");
            } else if (line.startsWith("## ")) {
                h.append("<h2>").append(esc(line.substring(3))).append("</h2>");
            } else if (line.startsWith("|---")) {
                continue;
            } else if (line.startsWith("| ")) {
                if (!table) {
                    h.append("<table>");
                    table = true;
                }
                String cls = line.contains("NOT CAUGHT") || line.contains("NO WEAKENING") || line.contains("| FAILED") ? " class=bad"
                        : line.contains("| caught |") || line.contains("| PASSED") ? " class=ok" : "";
                h.append("<tr").append(cls).append(">");
                for (String c : line.substring(2, line.length() - 2).split(" \\| ", -1)) {
                    h.append("<td>").append(esc(c.replace("\\|", "|").replace("**", ""))).append("</td>");
                }
                h.append("</tr>");
            } else if (!line.isEmpty()) {
                h.append("<p>").append(esc(line.replace("**", ""))).append("</p>");
            }
        }
        return h.append(table ? "</table>" : "").toString();
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            String engine = System.getProperty("paude.engine", "docker");
            for (String name : List.of("mutation", "mutation-" + engine)) { // the last pass, and the pass per engine
                Files.writeString(dir.resolve(name + ".md"), markdown());
                Files.writeString(dir.resolve(name + ".html"), html());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String why(Outcome o) {
        return switch (o.status()) {
            case PASSED -> "every probe passed on the weakened sandbox";
            case FAILED -> (o.applied() == 0 ? "failed, but the weakening was never applied: "
                    : "failed, but the weakened sandbox never started: ") + o.reason();
            case NOT_RUN, NOT_FOUND -> o.status() + ": " + o.reason();
        };
    }

    private static String probes(List<Outcome> os) {
        return os.stream().map(o -> o.probe().toString()).collect(Collectors.joining("; "));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.0f s", d.toMillis() / 1000.0);
    }

    /** A table cell: no bar, no line break, and no control character (messages may quote the agent's escape sequences). */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ").replaceAll("[\\p{Cc}&&[^\\t]]|[\\u0080-\\u009f]", "?");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
