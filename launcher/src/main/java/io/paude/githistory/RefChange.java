package io.paude.githistory;

import io.paude.hostgit.GitView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change of one ref during a session that can lose history: a ref deleted, a ref moved to something that does not
 * contain its old value (a rewrite: rebase, reset, amend, forced update), or a tag moved.
 *
 * @param kind   what happened
 * @param ref    the full ref name
 * @param before the object the ref named when the session started
 * @param after  what it names now; null when deleted
 */
record RefChange(Kind kind, String ref, String before, String after) {
    enum Kind {
        DELETED("deleted"), REWRITTEN("history rewritten (not a fast-forward)"), TAG_MOVED("tag moved");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    RefChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(before, "before");
    }

    /** The command that puts the ref back as it was at the backup. */
    String recovery(String backupId) {
        return "paude git restore --backup " + backupId + " --ref " + ref;
    }

    /**
     * Compares the refs at the backup with the repository now. New refs and fast-forwards lose nothing and are not
     * reported; {@code refs/stash} moving is normal stash use (its older entries stay in its reflog).
     */
    static List<RefChange> between(Refs before, Refs now, GitView view) {
        List<RefChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> e : before.byName().entrySet()) {
            String ref = e.getKey();
            String old = e.getValue();
            String cur = now.byName().get(ref);
            if (cur == null) {
                changes.add(new RefChange(Kind.DELETED, ref, old, null));
            } else if (!cur.equals(old) && !ref.equals("refs/stash")) {
                if (ref.startsWith("refs/tags/")) {
                    changes.add(new RefChange(Kind.TAG_MOVED, ref, old, cur));
                } else if (!view.call(List.of("merge-base", "--is-ancestor", old, cur)).ok()) {
                    changes.add(new RefChange(Kind.REWRITTEN, ref, old, cur));
                }
            }
        }
        return changes;
    }
}
