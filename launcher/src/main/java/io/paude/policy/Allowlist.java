package io.paude.policy;

import io.paude.Measure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The set of host names the agent may reach through the proxy. Normalized: sorted, without duplicates and
 * without entries that a suffix entry already covers (squid rejects such overlaps).
 */
public record Allowlist(List<AllowedDomain> entries) {

    /**
     * The default allowlist: empty, so a session reaches only the hosts its user names. Any wide default would hold a
     * way out that needs no credential of the user's: the former Google list of task 4 ({@code .googleapis.com},
     * {@code .google.com}) let the agent PUT to a signed Cloud Storage URL, POST to a stranger's Apps Script web app or
     * answer a stranger's Google Form (docs/threat-model.md, "anonymous upload"), and {@code .googleapis.com} is itself a
     * public suffix.
     */
    public static final List<String> DEFAULT_ENTRIES = List.of();

    /**
     * The former wide default (the Google / Vertex AI list), kept only so that the mutation pass can put it back
     * ({@link Measure#NARROW_DEFAULT_ALLOWLIST}) and prove that the suite notices; paude itself never uses it. Its
     * {@code .googleapis.com} is left out: that is a public suffix, which {@link AllowedDomain} now refuses.
     */
    static final List<String> WIDE_DEFAULT_ENTRIES = List.of(".google.com", "accounts.google.com", "oauth2.googleapis.com",
            ".gstatic.com");

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

    /** The allowlist every session starts from, before the configuration's and the command line's entries. */
    public static Allowlist defaults() {
        return of(Measure.NARROW_DEFAULT_ALLOWLIST.enforced() ? DEFAULT_ENTRIES : WIDE_DEFAULT_ENTRIES);
    }

    public Allowlist plus(Collection<String> raw) {
        List<AllowedDomain> all = new ArrayList<>(entries);
        all.addAll(of(raw).entries());
        return new Allowlist(all);
    }

    public boolean allows(String host) {
        return entries.stream().anyMatch(d -> d.allows(host));
    }

    /**
     * The suffix entries ({@code .example.com}): each allows every name below it, hosts that anyone can create there
     * among them, so a session that uses one is warned about them.
     */
    public List<String> suffixEntries() {
        return entries.stream().filter(AllowedDomain::includeSubdomains).map(AllowedDomain::toString).toList();
    }

    public List<String> asStrings() {
        return entries.stream().map(AllowedDomain::toString).toList();
    }
}
