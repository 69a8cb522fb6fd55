package io.paude.steps.mutation;

import java.util.List;
import java.util.Objects;

/**
 * The rows of docs/threat-model.md whose mitigation a {@link Weakening} removes, and whether it belongs to the core
 * set that CI also runs on Podman.
 * <p>
 * A row is named by one of its {@code @threat-...} tags. A tag that several rows share names one of them by the start
 * of its threat cell after a bar: {@code "@threat-credentials|Tampering"}. {@code ThreatCoverageTest} fails when a
 * row has no weakening, when an entry names no row, and when an entry is ambiguous.
 *
 * @param threats the rows, as above
 * @param inCore whether the weakening acts where the engines differ (the container spec or the engine's command line,
 *     which Docker and Podman interpret each in their own way), so that CI runs it on Podman as well
 * @param underGvisor whether it acts where gVisor's kernel takes over from the host's (system calls, privileges, the
 *     file systems its gofer serves, limits, the network stack, the recorder), so that CI runs it again with the agent
 *     under gVisor (docs/gvisor.md)
 */
record Covers(List<String> threats, boolean inCore, boolean underGvisor) {
    static final Covers NONE = new Covers(List.of(), false, false);

    Covers {
        threats = List.copyOf(threats);
        threats.forEach(t -> {
            if (!Objects.requireNonNull(t).startsWith("@threat-")) {
                throw new IllegalArgumentException("a threat-model row is named by its @threat- tag: " + t);
            }
        });
    }

    static Covers threats(String... rows) {
        return new Covers(List.of(rows), false, false);
    }

    /** The same rows, in the core set (also run on Podman). */
    Covers core() {
        return new Covers(threats, true, underGvisor);
    }

    /** The same rows, also run with the agent under gVisor (the gVisor set). */
    Covers gvisor() {
        return new Covers(threats, inCore, true);
    }

    /** The tag of an entry. */
    static String tag(String entry) {
        int bar = entry.indexOf('|');
        return bar < 0 ? entry : entry.substring(0, bar);
    }

    /** The start of the threat cell an entry names, or empty when the tag alone names the row. */
    static String rowStart(String entry) {
        int bar = entry.indexOf('|');
        return bar < 0 ? "" : entry.substring(bar + 1);
    }
}
