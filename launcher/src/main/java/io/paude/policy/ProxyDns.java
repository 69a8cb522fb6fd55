package io.paude.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The resolvers the proxy asks for the names it forwards ({@code --proxy-dns}); empty means the resolver the engine
 * gives the proxy container. Only the proxy resolves: the agent has no resolver at all, whatever is set here. Only
 * IP addresses are accepted, since a resolver given by name would need a resolver to be found.
 *
 * @param servers IPv4 or IPv6 literals, in the order squid should try them
 */
public record ProxyDns(List<String> servers) {
    /** The engine's resolver of the proxy container: no {@code dns_nameservers} line. */
    public static final ProxyDns ENGINE = new ProxyDns(List.of());

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    public ProxyDns {
        servers = List.copyOf(servers);
        for (String s : servers) {
            if (!isIp(s)) {
                throw new PolicyException("--proxy-dns '" + s + "' is not an IP address",
                        "give the resolver's IPv4 or IPv6 address, e.g. --proxy-dns 10.0.0.53 (names are not accepted)");
            }
        }
    }

    /** The values of a repeatable, comma-separated option; blanks are ignored. */
    public static ProxyDns parse(List<String> values) {
        List<String> servers = new ArrayList<>();
        for (String v : values) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    servers.add(s.strip());
                }
            }
        }
        return new ProxyDns(servers);
    }

    public boolean isEngineDefault() {
        return servers.isEmpty();
    }

    static boolean isIp(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        try {
            // a literal of hex digits, colons and dots is parsed, never looked up
            return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
