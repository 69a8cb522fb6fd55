package io.paude.steps.mutation;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import io.paude.steps.support.KernelView;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The suite proves itself: for each {@link Weakening}, the sandbox is started with that one hardening measure removed
 * and the weakening's probe scenarios run against it, in order, until one fails. A weakening no scenario catches fails
 * this test, by name. The same scenarios first run against the real sandbox (the baseline) and must all pass there,
 * or a failure under a weakening would prove nothing; those that this run's acceptance pass on the same engine passed
 * are taken from its report instead ({@link AcceptancePass}, {@code -Dpaude.mutation.baseline-from}, as CI does). Writes reports/mutation.md and reports/mutation.html.
 * <p>
 * Not part of {@code mvn verify}: run with {@code mvn verify -Pmutation} (see docs/testing.md, "Mutation pass").
 * {@code -Dpaude.mutation.only=NAME,...} runs only some weakenings, for development; {@code -Dpaude.mutation.core=true}
 * only the core set (CI on Podman); the report then says so.
 */
class SandboxMutationIT {
    /**
     * {@code -Dpaude.mutation.core=true}: only the core set (the weakenings that act where Docker and Podman differ,
     * {@link Weakening#core()}), which CI runs on Podman; see docs/testing.md, "Mutation pass".
     */
    static final String CORE = "paude.mutation.core";
    private final Path reports = Path.of(System.getProperty("paude.reports", "../reports")).toAbsolutePath().normalize();
    private final Launcher launcher = LauncherFactory.create(
            LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());

    @Test
    void everyWeakeningIsCaughtByAScenario() {
        List<Weakening> weakenings = selected();
        long start = System.nanoTime();
        List<Outcome> baseline = new ArrayList<>();
        AcceptancePass acceptance = AcceptancePass.fromProperty();
        for (Probe p : new LinkedHashSet<>(weakenings.stream().flatMap(w -> w.probes().stream()).toList())) {
            baseline.add(acceptance.passed(p) ? new Outcome(p, Outcome.Status.PASSED, acceptance.source(), Duration.ZERO, 0, 0)
                    : run(p, null));
        }
        Duration baselineTook = Duration.ofNanos(System.nanoTime() - start);
        boolean baselinePassed = baseline.stream().allMatch(o -> o.status() == Outcome.Status.PASSED);

        Map<Weakening, List<Outcome>> runs = new LinkedHashMap<>();
        if (baselinePassed) {
            for (Weakening w : weakenings) {
                List<Outcome> outcomes = new ArrayList<>();
                for (Probe p : w.probes()) {
                    Outcome o = run(p, w);
                    outcomes.add(o);
                    if (o.caught()) {
                        break; // one catch is the proof; the remaining probes would only cost time
                    }
                }
                runs.put(w, outcomes);
            }
        }
        String scope = weakenings.size() == Weakening.values().length ? ""
                : Boolean.getBoolean(CORE) && KernelView.GVISOR ? "**gVisor set** (`-Dpaude.mutation.core=true -Dpaude.runtime=runsc`): "
                        + "the " + weakenings.size() + " weakenings that act where gVisor's kernel takes over from the host's, every "
                        + "agent under gVisor."
                : Boolean.getBoolean(CORE) ? "**Core set** (`-Dpaude.mutation.core=true`): the " + weakenings.size() + " weakenings "
                        + "that act where the engines differ; the others act in the launcher or squid.conf, the same on every engine."
                : "**Partial pass** (`-Dpaude.mutation.only`): not every weakening was run.";
        MutationReport report = new MutationReport(baseline, baselineTook, runs, scope, Duration.ofNanos(System.nanoTime() - start));
        report.write(reports);
        System.out.println(report.markdown());

        if (!baselinePassed) {
            throw new AssertionError("the baseline failed: the probe scenarios must pass on the real sandbox before a "
                    + "weakened one can prove anything; see " + reports.resolve("mutation.md"));
        }
        List<Weakening> uncaught = report.uncaught();
        if (!uncaught.isEmpty()) {
            throw new AssertionError("no scenario caught " + uncaught + ": the suite would not notice if these measures "
                    + "were lost. Add a scenario that fails without the measure; see " + reports.resolve("mutation.md"));
        }
    }

    private static List<Weakening> selected() {
        String only = System.getProperty("paude.mutation.only", "").strip();
        if (Boolean.getBoolean(CORE)) {
            // With the agent under gVisor (-Dpaude.runtime=runsc) the core set is the gVisor set: what gVisor's kernel
            // takes over from the host's (Weakening#gvisor), the two gVisor weakenings among them.
            boolean gvisor = KernelView.GVISOR;
            return Arrays.stream(Weakening.values()).filter(gvisor ? Weakening::gvisor : Weakening::core)
                    .filter(w -> only.isEmpty() || Arrays.asList(only.split("\\s*,\\s*")).contains(w.name())).toList();
        }
        if (only.isEmpty()) {
            return List.of(Weakening.values());
        }
        return Arrays.stream(only.split(",")).map(String::strip).map(Weakening::valueOf).toList();
    }

    /** Runs one scenario in this JVM, with the launcher weakened by {@code weakening} (null: the real launcher). */
    private Outcome run(Probe probe, Weakening weakening) {
        Path log = reports.resolve("mutation").resolve((weakening == null ? "baseline" : weakening.name()) + ".log");
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Short names with the pickle's name: an outline's example is named like the scenario the feature file shows.
        Map<String, String> config = Map.of("cucumber.glue", "io.paude.steps", "cucumber.plugin", "pretty",
                "cucumber.junit-platform.naming-strategy", "short",
                "cucumber.junit-platform.naming-strategy.short.example-name", "pickle");
        TestPlan feature = launcher.discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathResource("features/" + probe.feature()))
                .filters(EngineFilter.includeEngines("cucumber")).configurationParameters(config).build());
        List<TestIdentifier> matches = new ArrayList<>();
        feature.getRoots().forEach(root -> feature.getDescendants(root).stream()
                .filter(t -> t.isTest() && t.getDisplayName().equals(probe.scenario())).forEach(matches::add));
        if (matches.size() != 1) {
            return new Outcome(probe, Outcome.Status.NOT_FOUND, matches.size() + " scenarios have this name in "
                    + probe.feature() + ", expected exactly 1: update the probe in Weakening", Duration.ZERO, 0, 0);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectUniqueId(matches.get(0).getUniqueIdObject()))
                .filters(EngineFilter.includeEngines("cucumber")).configurationParameters(config).build();
        Result result = new Result();
        long t0 = System.nanoTime();
        if (weakening != null) {
            System.setProperty(WeakenedMain.MODE, weakening.name());
            System.setProperty(WeakenedMain.LOG, log.toString());
        }
        try {
            launcher.execute(request, result);
        } finally {
            System.clearProperty(WeakenedMain.MODE);
            System.clearProperty(WeakenedMain.LOG);
            if (weakening != null) {
                removeLeftovers(log);
            }
        }
        return new Outcome(probe, result.status, result.reason, Duration.ofNanos(System.nanoTime() - t0),
                count(log, WeakenedEngine.APPLIED), count(log, WeakenedEngine.STARTED));
    }

    /**
     * Stops, with the real launcher, every session a weakened launcher started during the scenario: a weakening may
     * leave them behind (TEARDOWN_SKIPPED does, SESSIONS_SHARE_NETWORK can keep a network busy while the scenario's own
     * clean-up stops its sessions one by one). Only the sessions named in this run's mutation log are touched.
     */
    private static void removeLeftovers(Path log) {
        List<String> sessions;
        try {
            sessions = Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith(WeakenedEngine.STARTED))
                    .map(l -> l.substring(WeakenedEngine.STARTED.length()).replaceFirst("-agent$", "")).distinct().toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sessions.isEmpty()) {
            return;
        }
        Path home;
        try {
            home = Files.createTempDirectory("paude-mutation-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // twice: a network still joined by another session's agent is removed once that session is
        for (String session : java.util.stream.Stream.concat(sessions.stream(), sessions.stream()).toList()) {
            try {
                ProcessBuilder stop = new ProcessBuilder("java", "-jar", System.getProperty("paude.jar"), "stop", session)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                stop.environment().put("PAUDE_ENGINE", System.getProperty("paude.engine", "docker"));
                stop.environment().put("HOME", home.toString());
                Process p = stop.start();
                if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try (var walk = Files.walk(home)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }

    private static int count(Path log, String prefix) {
        try {
            return Files.exists(log) ? (int) Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).count() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of the one scenario a run executes. */
    private static final class Result implements TestExecutionListener {
        Outcome.Status status = Outcome.Status.NOT_RUN;
        String reason = "";

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult r) {
            if (!id.isTest()) {
                return;
            }
            switch (r.getStatus()) {
                case SUCCESSFUL -> status = Outcome.Status.PASSED;
                case FAILED -> {
                    status = Outcome.Status.FAILED;
                    reason = r.getThrowable().map(Result::firstLine).orElse("failed without an exception");
                }
                case ABORTED -> {
                    status = Outcome.Status.NOT_RUN;
                    reason = r.getThrowable().map(Result::firstLine).orElse("aborted");
                }
            }
        }

        /**
         * The failed step (Cucumber puts it into the stack trace as a frame of class "✽") and the start of the
         * assertion's message, on one line.
         */
        static String firstLine(Throwable t) {
            String step = java.util.Arrays.stream(t.getStackTrace()).filter(f -> f.getClassName().equals("✽")).findFirst()
                    .map(f -> "step '" + f.getMethodName() + "': ").orElse("");
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            // the weakened launcher's command line says nothing the report does not: it is "paude" there
            message = message.replaceAll("java -cp \\S+ -D" + Pattern.quote(WeakenedMain.LOG) + "=\\S+ "
                    + Pattern.quote(WeakenedMain.class.getName()) + " \\S+", "paude");
            String text = message.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(4)
                    .collect(java.util.stream.Collectors.joining(" "));
            text = text.length() > 400 ? text.substring(0, 400) + " ..." : text;
            return step + (text.isEmpty() ? t.getClass().getSimpleName() : text);
        }
    }
}
