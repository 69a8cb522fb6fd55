package io.paude.githistory;

import io.paude.hostgit.GitView;
import io.paude.hostgit.HostGit;
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

    /** The refs of a repository whose configuration paude wrote (a restore in progress). */
    static Refs read(Path paudeRepo) {
        return parseListing(HostGit.run(paudeRepo, "for-each-ref", "--format=%(objectname) %(refname)"));
    }

    /** The refs of a repository the agent could write, through a view of it. */
    static Refs read(GitView view) {
        return parseListing(view.run("for-each-ref", "--format=%(objectname) %(refname)"));
    }

    private static Refs parseListing(String listing) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (String line : listing.split("\n")) {
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
