package io.paude.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The set of host names the agent may reach through the proxy. Normalized: sorted, without duplicates and
 * without entries that a suffix entry already covers (squid rejects such overlaps).
 */
public record Allowlist(List<AllowedDomain> entries) {

    /** The Google / Vertex AI list of SECURITY-TASKS.md task 4: what Claude Code on Vertex needs, nothing more. */
    public static final List<String> DEFAULT_ENTRIES = List.of(
            ".googleapis.com", ".google.com", "accounts.google.com", "oauth2.googleapis.com", ".gstatic.com");

    public Allowlist {
        TreeSet<AllowedDomain> unique = new TreeSet<>(entries);
        List<AllowedDomain> kept = new ArrayList<>();
        for (AllowedDomain d : unique) {
            if (unique.stream().noneMatch(d::coveredBy)) {
                kept.add(d);
            }
        }
        entries = List.copyOf(kept);
    }

    public static Allowlist of(Collection<String> raw) {
        List<AllowedDomain> parsed = new ArrayList<>();
        for (String r : raw) {
            parsed.addAll(RegistryAliases.expand(r));
        }
        return new Allowlist(parsed);
    }

    public static Allowlist defaults() {
        return of(DEFAULT_ENTRIES);
    }

    public Allowlist plus(Collection<String> raw) {
        List<AllowedDomain> all = new ArrayList<>(entries);
        all.addAll(of(raw).entries());
        return new Allowlist(all);
    }

    public boolean allows(String host) {
        return entries.stream().anyMatch(d -> d.allows(host));
    }

    public List<String> asStrings() {
        return entries.stream().map(AllowedDomain::toString).toList();
    }
}
