package io.paude.steps.verify;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints one line per scenario as it ends (with the first lines of its failure) and keeps the results; a
 * container (engine, feature) that fails counts as one failed scenario. Aborted
 * scenarios (an undefined or pending step) are failures; skipped ones are not counted:
 * Cucumber's engine reports the scenarios that --tags did not select as skipped.
 */
final class ResultCollector implements TestExecutionListener {
    private final PrintStream out;
    private final List<ScenarioResult> results = new ArrayList<>();
    private TestPlan plan;

    ResultCollector(PrintStream out) {
        this.out = out;
    }

    List<ScenarioResult> results() {
        return List.copyOf(results);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            // a feature that does not parse, a bad tag expression, a failed @BeforeAll: counted as one failure
            result.getThrowable().filter(t -> result.getStatus() != TestExecutionResult.Status.SUCCESSFUL)
                    .ifPresent(t -> record(id, false, excerpt(String.valueOf(t.getMessage()))));
            return;
        }
        boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        String why = result.getThrowable().map(t -> excerpt(String.valueOf(t.getMessage()))).orElse(result.getStatus().toString());
        record(id, passed, passed ? "" : why);
    }

    private void record(TestIdentifier id, boolean passed, String why) {
        String feature = featureOf(id);
        List<String> tags = id.getTags().stream().map(t -> t.getName().startsWith("@") ? t.getName() : "@" + t.getName()).toList();
        results.add(new ScenarioResult(feature, id.getDisplayName(), tags, passed));
        out.println((passed ? "passed  " : "FAILED  ") + feature + ": " + id.getDisplayName());
        if (!passed) {
            out.println("        " + why);
        }
        out.flush();
    }

    /**
     * Enough of a failure to see why (the rest is in --report's pages): its first two and last four non-blank lines,
     * since a failed paude call names the call first and ends with paude's error and fix.
     */
    static String excerpt(String message) {
        List<String> lines = message.lines().filter(l -> !l.isBlank()).map(String::stripTrailing).toList();
        List<String> shown = lines.size() <= 6 ? lines : new ArrayList<>(lines.subList(0, 2));
        if (lines.size() > 6) {
            shown.add("...");
            shown.addAll(lines.subList(lines.size() - 4, lines.size()));
        }
        return String.join("\n        ", shown);
    }

    /** The display name of the scenario's feature: the ancestor just below the engine. */
    private String featureOf(TestIdentifier id) {
        TestIdentifier feature = id;
        Optional<TestIdentifier> parent = plan.getParent(id);
        while (parent.isPresent() && parent.get().getParentIdObject().isPresent()) {
            feature = parent.get();
            parent = plan.getParent(feature);
        }
        return feature.getDisplayName();
    }
}
