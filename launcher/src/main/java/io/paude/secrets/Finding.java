package io.paude.secrets;

import io.paude.SafeText;
import java.util.Objects;

/**
 * One secret the pre-flight scan found. Holds a masked preview only: the value itself is never kept, printed or
 * cached.
 *
 * @param file    workspace-relative path
 * @param line    1-based line number
 * @param rule    the detector that matched (e.g. "aws-access-key")
 * @param preview the first characters of the value and its length, e.g. {@code AKIA****************(20)}
 */
public record Finding(String file, int line, String rule, String preview) {
    public Finding {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(preview, "preview");
    }

    /** Shows at most four characters of a secret (fewer for short values) and its length. */
    public static String mask(String value) {
        int shown = Math.min(4, value.length() / 4);
        return value.substring(0, shown) + "*".repeat(Math.min(16, value.length() - shown)) + "(" + value.length() + ")";
    }

    /** How paude prints it: {@code file:line: rule preview}, escaped ({@link SafeText}), since the file's name is the agent's. */
    @Override
    public String toString() {
        return SafeText.of(file + ":" + line + ": " + rule + " " + preview);
    }
}
