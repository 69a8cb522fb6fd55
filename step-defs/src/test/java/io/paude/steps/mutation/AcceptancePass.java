package io.paude.steps.mutation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The scenarios an acceptance pass of this same run passed, read from its Cucumber JSON report
 * ({@code -Dpaude.mutation.baseline-from=reports/cucumber-docker.json}): CI runs the acceptance suite on an engine just
 * before the mutation pass on that engine, so a probe scenario that passed there, on the same build and engine, need not
 * run again as the baseline. A probe the pass did not run, or did not pass in every step and hook, runs as before.
 */
final class AcceptancePass {
    /** {@code -Dpaude.mutation.baseline-from=FILE}: the Cucumber JSON report of this run's acceptance pass. */
    static final String PROPERTY = "paude.mutation.baseline-from";
    private final Path report;
    private final Set<String> passed;

    private AcceptancePass(Path report, Set<String> passed) {
        this.report = report;
        this.passed = passed;
    }

    /** The pass named by {@link #PROPERTY}, or one that passed nothing when none is named. */
    static AcceptancePass fromProperty() {
        String file = System.getProperty(PROPERTY, "").strip();
        return file.isEmpty() ? new AcceptancePass(null, Set.of()) : read(Path.of(file));
    }

    static AcceptancePass read(Path report) {
        if (!Files.isRegularFile(report)) {
            // the acceptance pass did not get as far as its report: every probe runs as the baseline, nothing is taken
            System.out.println("paude: -D" + PROPERTY + " names " + report + ", which is not there: the whole baseline runs");
            return new AcceptancePass(report, Set.of());
        }
        Set<String> passed = new HashSet<>();
        try {
            for (JsonNode feature : new ObjectMapper().readTree(report.toFile())) {
                String uri = feature.path("uri").asText();
                String file = uri.substring(uri.lastIndexOf('/') + 1);
                for (JsonNode scenario : feature.path("elements")) {
                    if ("scenario".equals(scenario.path("type").asText()) && allPassed(scenario)) {
                        passed.add(key(file, scenario.path("name").asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the acceptance pass's report " + report, e);
        }
        return new AcceptancePass(report, passed);
    }

    private static boolean allPassed(JsonNode scenario) {
        return StreamSupport.stream(scenario.path("steps").spliterator(), false).count() > 0
                && Set.of("before", "steps", "after").stream().flatMap(k -> StreamSupport.stream(scenario.path(k).spliterator(), false))
                        .allMatch(s -> "passed".equals(s.path("result").path("status").asText()));
    }

    private static String key(String feature, String scenario) {
        return feature + "\n" + scenario;
    }

    boolean passed(Probe probe) {
        return passed.contains(key(probe.feature(), probe.scenario()));
    }

    /** For the baseline table: where the result comes from. */
    String source() {
        return "passed in this run's acceptance pass (" + report.getFileName() + ")";
    }
}
