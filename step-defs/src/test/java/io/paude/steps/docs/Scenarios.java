package io.paude.steps.docs;

import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Pickle;
import io.cucumber.messages.types.PickleTag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The scenarios of the feature files with the tags each carries, as Cucumber runs them: a scenario inherits its
 * feature's and its rule's tags, an outline's example row those of its Examples. Read by Cucumber's own Gherkin
 * parser, so a tag counts here exactly when a tag expression would select the scenario by it.
 */
record Scenarios(List<Scenario> all) {
    /** One scenario (an outline's example row counts as one) of {@code features/FEATURE.feature}. */
    record Scenario(String feature, String name, Set<String> tags) {
        Scenario {
            tags = Set.copyOf(tags);
        }
    }

    Scenarios {
        all = List.copyOf(all);
    }

    /** Every scenario of {@code repo/features/*.feature}; a file Gherkin cannot parse fails with its error. */
    static Scenarios of(Path repo) throws IOException {
        GherkinParser parser = GherkinParser.builder().includeSource(false).includeGherkinDocument(false)
                .includePickles(true).build();
        List<Scenario> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(repo.resolve("features"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".feature")).sorted().toList()) {
                String feature = f.getFileName().toString().replaceFirst("\\.feature$", "");
                for (Envelope e : parser.parse(f).toList()) {
                    if (e.getParseError().isPresent()) {
                        throw new IOException("features/" + feature + ".feature: " + e.getParseError().get().getMessage());
                    }
                    e.getPickle().ifPresent(p -> all.add(scenario(feature, p)));
                }
            }
        }
        return new Scenarios(all);
    }

    private static Scenario scenario(String feature, Pickle p) {
        return new Scenario(feature, p.getName(), p.getTags().stream().map(PickleTag::getName).collect(Collectors.toSet()));
    }

    /** The feature files (by name, without .feature) with a scenario that carries every one of {@code tags}. */
    Set<String> featuresWithAll(String... tags) {
        return all.stream().filter(s -> s.tags().containsAll(List.of(tags))).map(Scenario::feature)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every tag some scenario carries that starts with one of {@code prefixes}. */
    Set<String> tags(String... prefixes) {
        return all.stream().flatMap(s -> s.tags().stream()).filter(t -> Stream.of(prefixes).anyMatch(t::startsWith))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
