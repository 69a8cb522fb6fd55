package io.paude.packages;

import io.paude.policy.RegistryAliases;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the proxy's refusals of package registries into advice that names the registry and the alias that allows
 * it. For HTTPS, npm and pip only see "CONNECT ... 403" (a client never shows the body of a refused CONNECT), so the
 * launcher, which can read the proxy's access log, says what the proxy's error page would have said. Works the
 * same for every client (npm, pip, cargo, go, gem, git) without changing the agent image.
 */
public final class RegistryHints {
    private RegistryHints() {
    }

    /** Prints one hint per registry the proxy refused in these access-log lines; returns the hints printed. */
    public static List<String> report(List<String> accessLogLines, PrintWriter err) {
        List<String> hints = hints(accessLogLines);
        hints.forEach(h -> err.println("paude: " + h));
        err.flush();
        return hints;
    }

    /**
     * Hints for the refused requests in access-log lines ({@code TIME CLIENT METHOD URL STATUS TCP_DENIED ...}):
     * one per alias, naming the hosts refused and the flag that allows them.
     */
    public static List<String> hints(List<String> accessLogLines) {
        Map<String, Set<String>> refused = new LinkedHashMap<>();
        for (String line : accessLogLines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[5].startsWith("TCP_DENIED")) {
                continue;
            }
            String host = host(f[3]);
            RegistryAliases.all().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .filter(e -> e.getValue().contains(host)).findFirst()
                    .ifPresent(e -> refused.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>()).add(host));
        }
        List<String> hints = new ArrayList<>();
        refused.forEach((alias, hosts) -> hints.add("the proxy blocked the " + alias + " package registry ("
                + String.join(", ", hosts) + "): registries are not allowlisted by default. To allow it, start the session "
                + "with --allow-domain " + alias + " (or add \"" + alias + "\" to \"allowDomains\" in the config)"));
        return hints;
    }

    /** The host of a logged URL: {@code host:443} for CONNECT, {@code http://host/path} otherwise. */
    static String host(String url) {
        String h = url.replaceFirst("^[a-zA-Z]+://", "");
        int end = h.length();
        for (char c : new char[] {'/', ':', '?'}) {
            int i = h.indexOf(c);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return h.substring(0, end).toLowerCase(java.util.Locale.ROOT);
    }
}
