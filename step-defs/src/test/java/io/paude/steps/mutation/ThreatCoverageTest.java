package io.paude.steps.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every hardening measure has a weakening: each row of the table in docs/threat-model.md is named by at least one
 * {@link Weakening} ({@link Weakening#threats()}), every name a weakening gives is a row, and every probe a weakening
 * names is a scenario of its feature file. A unit test without an engine (Surefire, in {@code mvn verify}); that the
 * weakenings are caught is the mutation pass's ({@code mvn verify -Pmutation}).
 */
class ThreatCoverageTest {
    private static final Pattern TAG = Pattern.compile("@threat-[a-z0-9-]+");

    /** A row of the threat model: its threat cell and the tags of its tags cell. */
    record Row(String threat, List<String> tags) {
        @Override
        public String toString() {
            return "'" + (threat.length() > 90 ? threat.substring(0, 90) + "..." : threat) + "' (" + String.join(" ", tags) + ")";
        }
    }

    static Path repo() {
        return Path.of(System.getProperty("paude.repo", "..")).toAbsolutePath().normalize();
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean table = false;
        for (String line : Files.readAllLines(repo().resolve("docs/threat-model.md"))) {
            if (line.startsWith("| threat | mitigation | tags |")) {
                table = true;
                continue;
            }
            if (!table || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                if (!rows.isEmpty()) {
                    break;
                }
                continue;
            }
            String[] cells = line.split("\\|", -1); // "", threat, mitigation, tags, residual risk, ""
            if (cells.length != 6) {
                throw new AssertionError("docs/threat-model.md: a row with other than four cells (a '|' in a cell?): " + line);
            }
            List<String> tags = new ArrayList<>();
            Matcher m = TAG.matcher(cells[3]);
            while (m.find()) {
                tags.add(m.group());
            }
            rows.add(new Row(cells[1].strip(), tags));
        }
        return rows;
    }

    /** The rows an entry of {@link Weakening#threats()} names. */
    static List<Row> named(String entry, List<Row> rows) {
        String tag = Covers.tag(entry);
        String start = Covers.rowStart(entry);
        return rows.stream().filter(r -> r.tags().contains(tag) && r.threat().startsWith(start)).toList();
    }

    @Test
    void everyThreatModelRowHasAWeakening() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).as("rows of the table in docs/threat-model.md").hasSizeGreaterThan(10);
        List<String> missing = new ArrayList<>();
        for (Row row : rows) {
            boolean covered = Arrays.stream(Weakening.values())
                    .anyMatch(w -> w.threats().stream().anyMatch(e -> named(e, rows).contains(row)));
            if (!covered) {
                missing.add(row.toString());
            }
        }
        assertThat(missing).as("threat-model rows whose mitigation no weakening removes: add a Weakening that names the row "
                + "(Covers.threats(\"@threat-...\")), and a scenario that catches it").isEmpty();
    }

    @Test
    void everyThreatAWeakeningNamesIsOneRow() throws IOException {
        List<Row> rows = rows();
        List<String> wrong = new ArrayList<>();
        for (Weakening w : Weakening.values()) {
            for (String entry : w.threats()) {
                List<Row> n = named(entry, rows);
                if (n.isEmpty()) {
                    wrong.add(w + " names " + entry + ": no row of docs/threat-model.md");
                } else if (n.size() > 1) {
                    wrong.add(w + " names " + entry + ": " + n.size() + " rows have that tag; name one by the start of its threat, "
                            + "as in \"" + Covers.tag(entry) + "|" + n.get(0).threat().split(" ")[0] + "\"");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyProbeIsAScenarioOfItsFeature() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Weakening w : Weakening.values()) {
            assertThat(w.probes()).as(w + " names the scenarios that catch it").isNotEmpty();
            for (Probe p : w.probes()) {
                Path feature = repo().resolve("features").resolve(p.feature());
                if (!Files.isRegularFile(feature)) {
                    wrong.add(w + ": no feature file " + p.feature());
                    continue;
                }
                long matches = Files.readAllLines(feature).stream().map(String::strip)
                        .filter(l -> l.startsWith("Scenario: ") || l.startsWith("Scenario Outline: "))
                        .map(l -> l.substring(l.indexOf(':') + 2))
                        .filter(name -> template(name).matcher(p.scenario()).matches()).count();
                if (matches != 1) {
                    wrong.add(w + ": " + matches + " scenarios of " + p.feature() + " match '" + p.scenario() + "'");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void docsMutationListsEveryWeakening() throws IOException {
        List<String> listed = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z0-9_]+)`").matcher(Files.readString(repo().resolve("docs/mutation.md")));
        while (m.find()) {
            listed.add(m.group(1));
        }
        List<String> names = Arrays.stream(Weakening.values()).map(Weakening::name).toList();
        assertThat(listed).as("the weakenings listed in docs/mutation.md (its table: one row per Weakening, in order)")
                .containsExactlyElementsOf(names);
        for (Weakening w : Weakening.values()) {
            assertThat(Files.readString(repo().resolve("docs/mutation.md")))
                    .as("docs/mutation.md marks %s as core exactly when it is", w)
                    .contains("| `" + w.name() + "`" + (w.core() ? " (core) |" : " |"));
        }
    }

    /** A scenario's name as a pattern: an outline's {@code <column>} stands for any value. */
    private static Pattern template(String name) {
        return Pattern.compile(Arrays.stream(name.split("<[^>]+>", -1)).map(Pattern::quote).collect(Collectors.joining(".+")));
    }
}
