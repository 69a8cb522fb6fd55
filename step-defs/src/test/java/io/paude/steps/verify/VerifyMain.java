package io.paude.steps.verify;

import io.cucumber.tagexpressions.TagExpressionException;
import io.cucumber.tagexpressions.TagExpressionParser;
import io.paude.plan.ImageRefs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

/**
 * Main class of the verify jar ({@code paude verify} runs it): the guarantee suite without the source tree.
 * Extracts what the suite reads from the repository (fixture image sources, README.md; packed under
 * {@code paude-verify/}) to a temporary directory, points {@code paude.repo}, {@code paude.jar} and
 * {@code paude.engine} at it, the launcher and the engine (see {@code support.Suite}), runs the Cucumber engine on
 * the features packed in the jar and prints {@link Summary}'s table. Exit 0 when certified, 1 otherwise, 2 on bad
 * arguments.
 */
public final class VerifyMain {
    static final String USAGE = "usage: java -jar paude-verify.jar --paude-jar PAUDE_JAR --engine docker|podman"
            + " [--tags EXPR] [--report DIR]";

    private VerifyMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!List.of("--paude-jar", "--engine", "--tags", "--report").contains(args[i]) || i + 1 >= args.length) {
                out.println("paude-verify: unexpected argument '" + args[i] + "'\n" + USAGE);
                return 2;
            }
            opts.put(args[i], args[i + 1]);
        }
        if (!opts.containsKey("--paude-jar") || !opts.containsKey("--engine")) {
            out.println(USAGE);
            return 2;
        }
        if (opts.containsKey("--tags")) {
            try {
                TagExpressionParser.parse(opts.get("--tags"));
            } catch (TagExpressionException e) {
                out.println("paude-verify: --tags '" + opts.get("--tags") + "' is not a tag expression: " + e.getMessage()
                        + "\n  e.g. '@task-4 and not @podman-known-failure'");
                return 2;
            }
        }
        Path repo = extractRepoFiles();
        try {
            System.setProperty("paude.repo", repo.toString());
            System.setProperty("paude.jar", Path.of(opts.get("--paude-jar")).toAbsolutePath().toString());
            System.setProperty("paude.engine", opts.get("--engine"));
            // the suite removes what it creates; the warning that Ryuk (Testcontainers' reaper) is off is noise here
            System.setProperty("org.slf4j.simpleLogger.log.org.testcontainers.utility.ResourceReaper", "error");
            ImageRefs images = ImageRefs.from(System.getenv());
            out.println("paude verify: engine " + opts.get("--engine") + ", images " + images.agent() + " and "
                    + images.proxy() + ", launcher " + System.getProperty("paude.jar")
                    + (opts.containsKey("--tags") ? ", scenarios " + opts.get("--tags") : ", every scenario"));
            ResultCollector collector = new ResultCollector(out);
            LauncherFactory.create().execute(request(opts), collector);
            Summary summary = Summary.of(collector.results());
            // Testcontainers removes its containers at exit and throws when one is already gone: one line, not a trace
            Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.err.println("paude verify: at exit: " + e));
            out.println();
            out.print(summary.table());
            if (opts.containsKey("--report")) {
                Path dir = Path.of(opts.get("--report")).toAbsolutePath();
                Files.writeString(dir.resolve("summary.txt"), summary.table());
                out.println("report: " + dir.resolve("cucumber.html") + ", " + dir.resolve("threat-model.html"));
            }
            return summary.certified() ? 0 : 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(repo);
        }
    }

    static LauncherDiscoveryRequest request(Map<String, String> opts) throws IOException {
        List<String> plugins = new ArrayList<>();
        if (opts.containsKey("--report")) {
            Path dir = Files.createDirectories(Path.of(opts.get("--report")).toAbsolutePath());
            plugins.add("html:" + dir.resolve("cucumber.html"));
            plugins.add("junit:" + dir.resolve("cucumber.xml"));
            plugins.add("io.paude.steps.report.ThreatModelReport:" + dir.resolve("threat-model.html"));
        }
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("features"))
                .filters(includeEngines("cucumber"), TagFilter.excludeTags(otherEngineOnly(opts.get("--engine"))))
                .configurationParameter("cucumber.publish.quiet", "true")
                // a scenario's line names it once (the checkout's long names repeat the feature), outline rows by their pickle
                .configurationParameter("cucumber.junit-platform.naming-strategy", "short")
                .configurationParameter("cucumber.junit-platform.naming-strategy.short.example-name", "pickle");
        if (!plugins.isEmpty()) {
            request.configurationParameter("cucumber.plugin", String.join(", ", plugins));
        }
        if (opts.containsKey("--tags")) {
            request.configurationParameter("cucumber.filter.tags", opts.get("--tags"));
        }
        return request.build();
    }

    /** The JUnit tag of scenarios that only the other engine can run (Cucumber's @podman-only, @docker-only). */
    static String otherEngineOnly(String engine) {
        return "podman".equals(engine) ? "docker-only" : "podman-only";
    }

    /** Copies the jar's {@code paude-verify/} entries (what the suite reads from a checkout) to a new directory. */
    static Path extractRepoFiles() {
        try {
            Path self = Path.of(VerifyMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(self)) {
                throw new IllegalStateException("run from a directory (" + self + "), not from paude-verify.jar:"
                        + " under Maven the suite reads the checkout (mvn verify)");
            }
            Path dir = Files.createTempDirectory("paude-verify-");
            try (ZipFile jar = new ZipFile(self.toFile())) {
                for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements();) {
                    ZipEntry entry = e.nextElement();
                    if (entry.isDirectory() || !entry.getName().startsWith("paude-verify/")) {
                        continue;
                    }
                    Path target = dir.resolve(entry.getName().substring("paude-verify/".length())).normalize();
                    if (!target.startsWith(dir)) {
                        throw new IOException("entry outside the target directory: " + entry.getName());
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
