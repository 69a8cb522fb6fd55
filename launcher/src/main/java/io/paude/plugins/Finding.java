package io.paude.plugins;

import java.util.Objects;

/**
 * One piece of evidence for a capability: where it was seen ({@code file:line}, or the definition) and the text.
 */
public record Finding(Capability capability, String where, String evidence) {
    public Finding {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(where, "where");
        evidence = evidence == null ? "" : evidence.strip();
        if (evidence.length() > 100) {
            evidence = evidence.substring(0, 97) + "...";
        }
    }
}
