package io.paude.steps.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of docs/task-map.md, read: one {@link Row} per tag, with the places that enforce it and the feature files
 * that prove it. What the rows must agree with is {@link TaskMapCheck}'s.
 */
record TaskMap(List<TaskMap.Row> rows) {
    static final String FILE = "docs/task-map.md";
    static final String HEADER = "| tag | guarantee | enforced by | proven by |";
    static final Pattern TAG = Pattern.compile("@(?:task|area|threat)-[a-z0-9-]+");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern FEATURE_LINK = Pattern.compile("\\[[^\\]]*\\]\\(\\.\\./features/([^)]+)\\.feature\\)");

    /**
     * A row: its line in the file, its tag, the task or area row above it ({@code group}: its own tag for a task or
     * an area row, empty before the first), what its enforced-by cell names in backquotes, the features it links.
     */
    record Row(int line, String tag, String group, List<String> places, List<String> features) {
        Row {
            places = List.copyOf(places);
            features = List.copyOf(features);
        }

        boolean isThreat() {
            return tag.startsWith("@threat-");
        }

        @Override
        public String toString() {
            return FILE + ":" + line + " (" + tag + ")";
        }
    }

    TaskMap {
        rows = List.copyOf(rows);
    }

    /** Reads the table; a line of it that is not a row of four cells with one tag fails, naming the line. */
    static TaskMap read(Path repo) throws IOException {
        List<String> lines = Files.readAllLines(repo.resolve(FILE));
        int start = lines.indexOf(HEADER);
        if (start < 0) {
            throw new IOException(FILE + ": no table headed '" + HEADER + "'");
        }
        List<Row> rows = new ArrayList<>();
        String group = "";
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|", -1); // "", tag, guarantee, enforced by, proven by, ""
            List<String> tags = all(TAG, cells.length > 1 ? cells[1] : "");
            if (cells.length != 6 || tags.size() != 1) {
                throw new IOException(FILE + ":" + (i + 1) + ": a row needs four cells (no '|' inside one) and exactly one "
                        + "@task-, @area- or @threat- tag in the first: " + lines.get(i));
            }
            String tag = tags.get(0);
            if (!tag.startsWith("@threat-")) {
                group = tag;
            }
            rows.add(new Row(i + 1, tag, group, all(CODE, cells[3]), all(FEATURE_LINK, cells[4])));
        }
        return new TaskMap(rows);
    }

    private static List<String> all(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return found;
    }
}
