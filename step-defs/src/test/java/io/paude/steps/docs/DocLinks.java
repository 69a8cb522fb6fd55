package io.paude.steps.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the places where the repository's documentation points at something a clone does not hold: a relative
 * Markdown link ({@code [text](path)}, {@code [text](path#anchor)}, {@code [text](#anchor)}) whose file is missing,
 * that leaves the repository, or whose anchor is no heading of its Markdown target (GitHub's slugs); a path named in
 * the text ({@code docs/x.md}, from the repository's root) that does not exist; and any mention of {@code ../shared}.
 * Fenced code blocks and inline code are not read as links.
 */
final class DocLinks {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern NAMED = Pattern.compile("(?<![\\w./-])((?:docs|features|bench|images|\\.ci)/[\\w./-]*\\.(?:md|feature|sh))\\b");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    private DocLinks() {
    }

    /** README.md, bench/README.md, every Markdown file under docs/, and the feature files, in path order. */
    static List<Path> documents(Path repo) throws IOException {
        List<Path> docs = new ArrayList<>();
        for (String top : List.of("README.md", "bench/README.md")) {
            if (Files.isRegularFile(repo.resolve(top))) {
                docs.add(repo.resolve(top));
            }
        }
        docs.addAll(under(repo.resolve("docs"), ".md", Integer.MAX_VALUE));
        docs.addAll(under(repo.resolve("features"), ".feature", 1));
        docs.sort((a, b) -> rel(repo, a).compareTo(rel(repo, b)));
        return docs;
    }

    /** Each problem as "FILE:LINE: what is wrong", FILE relative to the repository. */
    static List<String> problems(Path repo) throws IOException {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path doc : documents(repo)) {
            List<String> lines = Files.readAllLines(doc);
            List<Boolean> code = fenced(doc, lines);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String at = rel(repo, doc) + ":" + (i + 1) + ": ";
                if (!code.get(i)) {
                    checkLine(repo, doc, line, at, anchors, problems);
                }
                if (line.contains("../shared")) {
                    problems.add(at + "names ../shared, which is not in a clone");
                }
            }
        }
        return problems;
    }

    private static void checkLine(Path repo, Path doc, String line, String at, Map<Path, Set<String>> anchors,
            List<String> problems) throws IOException {
        boolean[] inCode = codeSpans(line);
        boolean[] inLink = new boolean[line.length()];
        Matcher m = LINK.matcher(line);
        while (m.find()) {
            if (inCode[m.start()]) {
                continue;
            }
            for (int k = m.start(); k < m.end(); k++) {
                inLink[k] = true;
            }
            String problem = checkTarget(repo, doc, m.group(2), anchors);
            if (problem != null) {
                problems.add(at + m.group() + ": " + problem);
            }
        }
        Matcher n = NAMED.matcher(line);
        while (n.find()) {
            if (!inLink[n.start()] && !Files.exists(repo.resolve(n.group(1)))) {
                problems.add(at + n.group(1) + " is not a file or directory of the repository");
            }
        }
    }

    /** What is wrong with a link's target, or null. */
    private static String checkTarget(Path repo, Path doc, String target, Map<Path, Set<String>> anchors) throws IOException {
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        if (path.startsWith("/")) {
            return "an absolute path: write it relative to " + rel(repo, doc);
        }
        Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
        if (!file.startsWith(repo)) {
            return "leaves the repository";
        }
        if (!Files.exists(file)) {
            return rel(repo, file) + " is not a file or directory of the repository";
        }
        if (!anchor.isEmpty() && file.toString().endsWith(".md") && Files.isRegularFile(file)) {
            Set<String> known = anchors.get(file);
            if (known == null) {
                known = anchors(file);
                anchors.put(file, known);
            }
            if (!known.contains(anchor)) {
                return "no heading '" + anchor + "' in " + rel(repo, file);
            }
        }
        return null;
    }

    /** The anchors GitHub makes for a Markdown file's headings (duplicates numbered), and its HTML anchors. */
    static Set<String> anchors(Path md) throws IOException {
        List<String> lines = Files.readAllLines(md);
        List<Boolean> code = fenced(md, lines);
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (code.get(i)) {
                continue;
            }
            Matcher h = HEADING.matcher(lines.get(i));
            if (h.matches()) {
                String slug = slug(h.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
            Matcher a = HTML_ANCHOR.matcher(lines.get(i));
            while (a.find()) {
                anchors.add(a.group(1));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation but '-' and '_' dropped, each space a '-'. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** For each line, whether it is inside (or fences) a fenced code block; feature files have none. */
    private static List<Boolean> fenced(Path doc, List<String> lines) {
        List<Boolean> code = new ArrayList<>();
        boolean inside = false;
        boolean markdown = doc.toString().endsWith(".md");
        for (String line : lines) {
            boolean fence = markdown && (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~"));
            code.add(inside || fence);
            if (fence) {
                inside = !inside;
            }
        }
        return code;
    }

    /** Which characters of a line are inside an inline code span (between paired backticks). */
    private static boolean[] codeSpans(String line) {
        boolean[] in = new boolean[line.length() + 1];
        int open = -1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '`') {
                if (open < 0) {
                    open = i;
                } else {
                    for (int k = open; k <= i; k++) {
                        in[k] = true;
                    }
                    open = -1;
                }
            }
        }
        return in;
    }

    private static List<Path> under(Path dir, String suffix, int depth) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).toList();
        }
    }

    private static String rel(Path repo, Path p) {
        return repo.relativize(p).toString().replace('\\', '/');
    }
}
