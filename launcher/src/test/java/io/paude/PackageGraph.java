package io.paude;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of docs/ARCHITECTURE.md's section "Dependencies point one way": each launcher package, bottom first,
 * with the packages it depends on. A package is named as in the table: {@code io.paude} for the root package, else
 * the part after {@code io.paude.}.
 */
record PackageGraph(Map<String, Set<String>> rows) {
    static final String DOC = "docs/ARCHITECTURE.md";
    static final String SECTION = "## Dependencies point one way";
    static final String ROOT = "io.paude";
    private static final Pattern NAME = Pattern.compile("`([a-z.]+)`");

    PackageGraph {
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /** The table of the checkout's docs/ARCHITECTURE.md (found from the working directory up). */
    static PackageGraph fromDoc() {
        try {
            return parse(Files.readString(Checkout.root().resolve(DOC)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PackageGraph parse(String markdown) {
        int start = markdown.indexOf(SECTION);
        if (start < 0) {
            throw new IllegalStateException(DOC + " has no section '" + SECTION + "'");
        }
        int end = markdown.indexOf("\n## ", start + SECTION.length());
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        for (String line : markdown.substring(start, end < 0 ? markdown.length() : end).split("\n")) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("| `") || cells.length < 3) {
                continue; // prose, the header and its rule
            }
            String name = names(cells[1]).stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("a row of '" + SECTION + "' names no package: " + line));
            if (rows.put(name, new TreeSet<>(names(cells[2]))) != null) {
                throw new IllegalStateException("'" + SECTION + "' has two rows for " + name);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("'" + SECTION + "' in " + DOC + " has no table of packages");
        }
        return new PackageGraph(rows);
    }

    private static List<String> names(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The ArchUnit package pattern of a table name: the root package alone, or a package and its subpackages. */
    static String pattern(String name) {
        return name.equals(ROOT) ? ROOT : ROOT + "." + name + "..";
    }

    /** The table name of a Java package of paude's, or null for a package outside {@code io.paude}. */
    static String nameOf(String javaPackage) {
        if (javaPackage.equals(ROOT)) {
            return ROOT;
        }
        if (!javaPackage.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = javaPackage.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** The edges of rows that name a package not above them: the table must read bottom first. */
    List<String> upwardEdges() {
        List<String> upward = new ArrayList<>();
        List<String> above = new ArrayList<>();
        rows.forEach((name, deps) -> {
            deps.stream().filter(d -> !above.contains(d)).forEach(d -> upward.add(name + " -> " + d));
            above.add(name);
        });
        return upward;
    }
}
