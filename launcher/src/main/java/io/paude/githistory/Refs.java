package io.paude.githistory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The refs of a repository at one moment: every branch, tag, remote-tracking ref, note and {@code refs/stash},
 * mapped to the object each names. Older stash entries live in the reflog of {@code refs/stash}, which the backup
 * keeps as files.
 */
record Refs(Map<String, String> byName) {
    Refs {
        byName = Map.copyOf(new TreeMap<>(byName));
    }

    static Refs read(Path gitDir) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (String line : Git.run(gitDir, "for-each-ref", "--format=%(objectname) %(refname)").split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                refs.put(line.substring(sp + 1), line.substring(0, sp));
            }
        }
        return new Refs(refs);
    }

    static Refs parse(String text) {
        Map<String, String> refs = new LinkedHashMap<>();
        text.lines().filter(l -> l.indexOf(' ') > 0)
                .forEach(l -> refs.put(l.substring(l.indexOf(' ') + 1), l.substring(0, l.indexOf(' '))));
        return new Refs(refs);
    }

    String format() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(byName).forEach((name, id) -> sb.append(id).append(' ').append(name).append('\n'));
        return sb.toString();
    }
}
