package io.paude.policy;

import com.google.common.net.InternetDomainName;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of the network allowlist.
 *
 * <p>Syntax, the same in flags and configuration files:
 * <ul>
 *   <li>{@code example.com} allows exactly the host {@code example.com};</li>
 *   <li>{@code .example.com} allows {@code example.com} and every name below it
 *       ({@code api.example.com}, {@code a.b.example.com}), never {@code evilexample.com}.</li>
 * </ul>
 * Wildcards ({@code *}, {@code *.example.com}), bare top-level domains, IP literals, whitespace and non-ASCII names
 * are rejected, and so is an entry that is itself a public suffix ({@code co.uk}, {@code github.io},
 * {@code appspot.com}), judged by the Public Suffix List that Guava ships: below a public suffix anyone can register a
 * name, so such an entry lets the agent reach hosts a stranger controls. Each rejected form either allows far more than
 * a reader would guess or cannot be matched safely. A suffix entry is accepted, but a session that uses one is warned
 * about ({@link Allowlist#suffixEntries}).
 */
public record AllowedDomain(String host, boolean includeSubdomains) implements Comparable<AllowedDomain> {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}");

    public AllowedDomain {
        host = validate(host, includeSubdomains ? "." + host : host);
    }

    /** Parses one allowlist entry; throws {@link PolicyException} naming the entry and the fix. */
    public static AllowedDomain parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new PolicyException("empty allowlist entry", "give a host name such as example.com or .example.com");
        }
        if (!raw.equals(raw.strip()) || raw.chars().anyMatch(Character::isWhitespace)) {
            throw new PolicyException("allowlist entry '" + raw + "' contains whitespace",
                    "remove the spaces; give one host per --allow-domain");
        }
        if (raw.startsWith("*")) {
            throw new PolicyException("allowlist entry '" + raw + "' is a wildcard",
                    raw.startsWith("*.") && raw.length() > 2
                            ? "write ." + raw.substring(2) + " to allow " + raw.substring(2) + " and all its subdomains"
                            : "name the hosts to allow; '*' would allow the whole internet (use --allow-network for that)");
        }
        boolean suffix = raw.startsWith(".");
        return new AllowedDomain(suffix ? raw.substring(1) : raw, suffix);
    }

    private static String validate(String host, String raw) {
        if (host == null || host.isEmpty()) {
            throw new PolicyException("allowlist entry '" + raw + "' has no host name", "give a host name such as example.com");
        }
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) > 127) {
                throw new PolicyException("allowlist entry '" + raw + "' is not ASCII",
                        "write internationalized names in punycode (xn--...)");
            }
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (IPV4.matcher(h).matches() || h.contains(":") || h.startsWith("[")) {
            throw new PolicyException("allowlist entry '" + raw + "' is an IP address",
                    "allow host names only; raw-IP destinations are always refused by the proxy");
        }
        String[] labels = h.split("\\.", -1);
        if (labels.length < 2) {
            throw new PolicyException("allowlist entry '" + raw + "' is a bare top-level domain",
                    "name a registered domain such as example.com");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new PolicyException("allowlist entry '" + raw + "' is not a valid host name",
                        "use letters, digits and hyphens in dot-separated labels");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new PolicyException("allowlist entry '" + raw + "' ends in a numeric label", "give a host name");
        }
        if (publicSuffix(h)) {
            throw new PolicyException("allowlist entry '" + raw + "' is a public suffix: anyone can register names below it, "
                    + "so it would let the agent reach hosts a stranger controls",
                    "name the exact host to allow instead, e.g. myproject." + h);
        }
        return h;
    }

    /**
     * True when {@code host} is a public suffix of the Public Suffix List (https://publicsuffix.org/), its ICANN
     * section ({@code co.uk}) or its private one ({@code github.io}, {@code appspot.com}). Guava's copy of the list is
     * the one this jar was built with.
     */
    static boolean publicSuffix(String host) {
        return InternetDomainName.isValid(host) && InternetDomainName.from(host).isPublicSuffix();
    }

    /** True when this entry allows {@code name} (a lower-case host name). */
    public boolean allows(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals(host) || (includeSubdomains && n.endsWith("." + host));
    }

    /** True when every name this entry allows is also allowed by {@code other}. */
    public boolean coveredBy(AllowedDomain other) {
        return !equals(other) && other.includeSubdomains && other.allows(host);
    }

    @Override
    public String toString() {
        return includeSubdomains ? "." + host : host;
    }

    @Override
    public int compareTo(AllowedDomain o) {
        return toString().compareTo(o.toString());
    }
}
