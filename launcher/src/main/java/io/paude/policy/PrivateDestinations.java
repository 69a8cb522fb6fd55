package io.paude.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The private address ranges an allowlisted name may resolve to ({@code --allow-private-destinations CIDR}). By
 * default none: a name that passed the allowlist but resolves into a private range (an intranet, the engine's
 * bridges, another container) is refused, so an allowlisted name cannot be pointed at what sits beside the sandbox.
 * A company intranet, or the test suite's fixture network, is opened here by its subnet, explicitly. Loopback,
 * link-local (the cloud metadata address), multicast and reserved ranges cannot be opened: the proxy refuses them
 * whatever is given here (see {@code proxy/SquidConfig}).
 *
 * @param ranges IPv4 or IPv6 ranges in CIDR notation ({@code 10.20.0.0/16}, {@code fd00:1::/64})
 */
public record PrivateDestinations(List<String> ranges) {
    /** No private destination at all: the default. */
    public static final PrivateDestinations NONE = new PrivateDestinations(List.of());

    private static final Pattern PREFIX = Pattern.compile("[0-9]{1,3}");

    public PrivateDestinations {
        ranges = List.copyOf(ranges);
        for (String r : ranges) {
            if (!isCidr(r)) {
                throw new PolicyException("--allow-private-destinations '" + r + "' is not a CIDR range",
                        "give an address range with its prefix length, e.g. --allow-private-destinations 10.20.0.0/16");
            }
        }
    }

    /** The values of a repeatable, comma-separated option; blanks are ignored. */
    public static PrivateDestinations parse(List<String> values) {
        List<String> ranges = new ArrayList<>();
        for (String v : values) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    ranges.add(s.strip());
                }
            }
        }
        return new PrivateDestinations(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    static boolean isCidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0 || !PREFIX.matcher(s.substring(slash + 1)).matches()) {
            return false;
        }
        String address = s.substring(0, slash);
        int prefix = Integer.parseInt(s.substring(slash + 1));
        if (!ProxyDns.isIp(address)) {
            return false;
        }
        return prefix <= (address.contains(":") ? 128 : 32);
    }
}
