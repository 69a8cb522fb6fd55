package io.paude;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the launcher's sources say about their dependencies, for what the compiled classes cannot: a constant of
 * another package ({@code static final} String or number) is copied into its user by the compiler and leaves no
 * trace in the class file, but its import stays. So the imports are the dependencies of record, and a name written
 * out in full ({@code io.paude.plan.Planner.AGENT_HOME}) in code is a finding, comments aside.
 *
 * @param imports  each package (as {@link PackageGraph} names it) with the other packages its files import
 * @param spelledOut where code names a class of paude's in full: "path:line: the name"
 */
record LauncherSources(Map<String, Set<String>> imports, List<String> spelledOut) {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+)\\.[\\w*]+;");
    private static final Pattern FULL_NAME = Pattern.compile("\\bio\\.paude\\.(?:[a-z]\\w*\\.)*[A-Z]\\w*");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** The sources under launcher/src/main/java of the checkout that holds docs/ARCHITECTURE.md. */
    static LauncherSources read() {
        Path root = Checkout.root().resolve("launcher/src/main/java");
        Map<String, Set<String>> imports = new TreeMap<>();
        List<String> spelledOut = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                read(Checkout.root().relativize(file), Files.readString(file), imports, spelledOut);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LauncherSources(imports, spelledOut);
    }

    private static void read(Path file, String text, Map<String, Set<String>> imports, List<String> spelledOut) {
        Matcher pkg = PACKAGE.matcher(text);
        String from = pkg.find() ? PackageGraph.nameOf(pkg.group(1)) : null;
        if (from == null) {
            return;
        }
        Set<String> targets = imports.computeIfAbsent(from, p -> new TreeSet<>());
        Matcher imp = IMPORT.matcher(text);
        while (imp.find()) {
            String to = PackageGraph.nameOf(packageOf(imp.group(1)));
            if (to != null && !to.equals(from)) {
                targets.add(to);
            }
        }
        String[] lines = withoutComments(text).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("package ") || lines[i].startsWith("import ")) {
                continue;
            }
            Matcher full = FULL_NAME.matcher(lines[i]);
            while (full.find()) {
                spelledOut.add(file + ":" + (i + 1) + ": " + full.group());
            }
        }
    }

    /** An import names a class (or, static, a member of one): its package is the part before the first capital. */
    private static String packageOf(String qualifier) {
        StringBuilder pkg = new StringBuilder();
        for (String part : qualifier.split("\\.")) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            pkg.append(pkg.isEmpty() ? "" : ".").append(part);
        }
        return pkg.toString();
    }

    /** The text with its comments blanked, line breaks kept so that line numbers stay. */
    private static String withoutComments(String text) {
        return COMMENT.matcher(text).replaceAll(m -> m.group().replaceAll("[^\\n]", " "));
    }
}
