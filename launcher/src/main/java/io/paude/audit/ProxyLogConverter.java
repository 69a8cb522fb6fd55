package io.paude.audit;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the proxy's access log (squid's {@code paude} logformat, see {@link io.paude.proxy.SquidConfig}:
 * {@code seconds.millis client method url status squid-result upstream page}, the page being the refusal page
 * served, its reason, or "-") into request events.
 */
public final class ProxyLogConverter {
    private ProxyLogConverter() {
    }

    public static List<AuditEvent> convert(String session, List<String> lines) {
        List<AuditEvent> out = new ArrayList<>();
        for (String line : lines) {
            String[] p = line.strip().split("\\s+");
            if (p.length < 6 || !p[0].matches("\\d+\\.\\d{3}")) {
                continue;
            }
            String[] t = p[0].split("\\.");
            Instant time = Instant.ofEpochSecond(Long.parseLong(t[0]), Long.parseLong(t[1]) * 1_000_000);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("session", session);
            f.put("client", p[1]);
            f.put("method", p[2]);
            f.put("url", p[3]);
            f.put("host", host(p[2], p[3]));
            f.put("status", p[4].matches("\\d+") ? Integer.valueOf(p[4]) : null);
            f.put("decision", p[5].contains("DENIED") ? "denied" : "allowed");
            out.add(new AuditEvent(time, AuditEvent.REQUEST, f));
        }
        return out;
    }

    static String host(String method, String url) {
        if ("CONNECT".equals(method)) {
            int colon = url.lastIndexOf(':');
            return colon > 0 ? url.substring(0, colon) : url;
        }
        try {
            String h = URI.create(url).getHost();
            return h != null ? h : url;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
