package io.paude;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The launcher's package graph is the table of docs/ARCHITECTURE.md ("Dependencies point one way"), read from there
 * so that the two cannot drift: no cycle, no dependency a package's row does not name, no row naming a dependency no
 * class has, a row for every package and a package for every row, and the rows in order, bottom first. The classes'
 * dependencies are ArchUnit's; the sources' imports add the constants the compiler copied ({@link LauncherSources}).
 */
@AnalyzeClasses(packages = PackageGraph.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final PackageGraph GRAPH = PackageGraph.fromDoc();
    private static final String WHERE = PackageGraph.DOC + " (\"" + PackageGraph.SECTION.substring(3) + "\")";

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching(PackageGraph.ROOT + ".(*)..")
            .should().beFreeOfCycles()
            .because("a cycle is a defect: " + WHERE);

    @ArchTest
    static final ArchRule eachPackageDependsOnlyOnItsRow = classes().that().resideInAPackage(PackageGraph.ROOT + "..")
            .should(new ArchCondition<JavaClass>("depend on no package of paude's but those its package's row names") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String from = PackageGraph.nameOf(c.getPackageName());
                    Set<String> row = GRAPH.rows().getOrDefault(from, Set.of());
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        String to = target(d);
                        if (to != null && !to.equals(from) && !row.contains(to)) {
                            events.add(SimpleConditionEvent.violated(d, from + " -> " + to + " is not in " + from
                                    + "'s row " + row + ": " + d.getDescription()));
                        }
                    }
                }
            })
            .because("the rows of " + WHERE + " are the graph; a new dependency goes into the table first, "
                    + "on a package above the row, or the code changes");

    @ArchTest
    static final ArchRule planDoesNoIo = noClasses().that().resideInAPackage(PackageGraph.pattern("plan"))
            .should().dependOnClassesThat().belongToAnyOf(Files.class, FileInputStream.class, FileOutputStream.class,
                    RandomAccessFile.class, ProcessBuilder.class, Socket.class)
            .because("plan is pure: policy and context in, what to create out (" + WHERE + ")");

    @ArchTest
    static void theTableIsTheGraph(JavaClasses launcher) {
        LauncherSources sources = LauncherSources.read();
        Map<String, Set<String>> used = used(launcher);
        sources.imports().forEach((p, deps) -> used.computeIfAbsent(p, k -> new TreeSet<>()).addAll(deps));
        List<String> problems = new ArrayList<>();
        sources.spelledOut().forEach(s -> problems.add(s + " is written in full: import it, so that this check sees it"));
        sources.imports().forEach((p, deps) -> deps.stream()
                .filter(d -> !GRAPH.rows().getOrDefault(p, Set.of()).contains(d))
                .forEach(d -> problems.add("package " + p + " imports from " + d + ", which its row does not name")));
        used.keySet().stream().filter(p -> !GRAPH.rows().containsKey(p))
                .forEach(p -> problems.add("package " + p + " has no row: add one with what it depends on " + used.get(p)));
        GRAPH.rows().forEach((p, deps) -> {
            if (!used.containsKey(p)) {
                problems.add("the row " + p + " names no package of the launcher: remove it");
                return;
            }
            deps.stream().filter(d -> !used.get(p).contains(d)).forEach(d -> problems.add(
                    "the row " + p + " names " + d + ", but no class of " + p + " uses " + d + ": remove it from the row"));
        });
        GRAPH.upwardEdges().forEach(e -> problems.add(
                "the edge " + e + " names a package that is not above its row: the table reads bottom first"));
        assertThat(problems).as(WHERE + " must state the launcher's package graph exactly").isEmpty();
    }

    /** The package a dependency leads to, as the table names it (an array's: its elements'), or null outside paude. */
    private static String target(Dependency d) {
        return PackageGraph.nameOf(d.getTargetClass().getBaseComponentType().getPackageName());
    }

    /** Each package of the launcher, with the other packages of paude's its classes use. */
    private static Map<String, Set<String>> used(JavaClasses launcher) {
        Map<String, Set<String>> used = new TreeMap<>();
        for (JavaClass c : launcher) {
            String from = PackageGraph.nameOf(c.getPackageName());
            if (from == null) {
                continue;
            }
            Set<String> targets = used.computeIfAbsent(from, p -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = target(d);
                if (to != null && !to.equals(from)) {
                    targets.add(to);
                }
            }
        }
        return used;
    }
}
