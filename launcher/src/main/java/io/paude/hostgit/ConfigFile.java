package io.paude.hostgit;

import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A git configuration file as data: its entries in file order (key as git prints it: section and variable lower case,
 * subsection as written; a key without "=" has the value "true"), or why it was not read.
 *
 * @param present    the file exists
 * @param problem    why it was not read (a link, not a regular file, too large, git's complaint), else null
 * @param entries    key to value, multi-valued keys repeated
 */
public record ConfigFile(boolean present, String problem, List<Map.Entry<String, String>> entries) {
    static final long MAX_BYTES = 1024 * 1024;

    public ConfigFile {
        entries = List.copyOf(entries);
    }

    static ConfigFile absent() {
        return new ConfigFile(false, null, List.of());
    }

    static ConfigFile unreadable(String why) {
        return new ConfigFile(true, why, List.of());
    }

    /** Parses {@code git config --null --list}. */
    static ConfigFile parse(String nulList) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String entry : nulList.split("\0")) {
            if (entry.isEmpty()) {
                continue;
            }
            int nl = entry.indexOf('\n');
            entries.add(new SimpleEntry<>(nl < 0 ? entry : entry.substring(0, nl), nl < 0 ? "true" : entry.substring(nl + 1)));
        }
        return new ConfigFile(true, null, entries);
    }

    /** The first value of a key (compared case-insensitively), if any. */
    public java.util.Optional<String> value(String key) {
        return entries.stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue).findFirst();
    }

    /** Every key in lower case (git's case-insensitive form) to its values joined by ", ". */
    public Map<String, String> joined() {
        Map<String, String> m = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : entries) {
            m.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (x, y) -> x + ", " + y);
        }
        return m;
    }
}
