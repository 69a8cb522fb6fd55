package io.paude.proxy;

import io.paude.policy.Allowlist;
import io.paude.policy.AuditSettings;
import io.paude.policy.ModelGateway;
import io.paude.policy.PrivateDestinations;
import io.paude.policy.ProxyDns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the squid configuration of one session from its allowlist. Every rule of the proxy lives here:
 * allowlisted names only, CONNECT to 443 only, plain HTTP or CONNECT only (no ftp, gopher or other schemes), no
 * raw-IP destinations, no allowlisted name that resolves to a loopback, link-local or private address, the agent's
 * address as the only client, no manager pages, a short error page that names what was refused, and logs the user
 * can read, capped by size, each line naming the page that was served (the reason of a refusal).
 */
public final class SquidConfig {
    public static final int PORT = 3128;
    public static final String ERROR_PAGE = "ERR_PAUDE_BLOCKED";
    /** The refusal pages, each naming what was refused and what to do instead. */
    static final java.util.List<String> ERROR_PAGES = java.util.List.of(ERROR_PAGE, "ERR_PAUDE_RAW_IP", "ERR_PAUDE_PORT",
            "ERR_PAUDE_PRIVATE", "ERR_PAUDE_SCHEME", "ERR_PAUDE_GATEWAY");
    /**
     * The pages the proxy image links into squid's error directory by name. The image (images/proxy) links only
     * these; a later page is named by its path from that directory to the mounted configuration, which squid
     * follows like a name ({@link #pageRef}).
     */
    static final java.util.List<String> LINKED_PAGES = java.util.List.of(ERROR_PAGE, "ERR_PAUDE_RAW_IP", "ERR_PAUDE_PORT");
    /** squid's error directory in the proxy image, seen from there to the mounted configuration directory. */
    static final String ERROR_DIR_TO_CONFIG = "../../../../etc/paude-proxy/errors/";

    /**
     * Destinations no allowlisted name may resolve to, whatever {@code --allow-private-destinations} opens: the
     * unspecified and loopback addresses (the proxy itself), link-local (the cloud metadata address 169.254.169.254),
     * multicast and the reserved ranges. Squid keeps IPv4 addresses in their IPv4-mapped IPv6 form (::ffff:a.b.c.d)
     * and matches both forms with the IPv4 range. A proxy container without IPv6 (the engines' default) has squid
     * switch IPv6 off altogether: it then neither connects to IPv6 addresses nor keeps the IPv6 entries of these ACLs
     * (its cache log says "IPv6 has not been enabled"); they take effect where the proxy has IPv6.
     */
    static final java.util.List<String> NEVER_DESTINATIONS = java.util.List.of("0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16",
            "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "fe80::/10", "ff00::/8");
    /**
     * Private destinations, refused unless opened by {@code --allow-private-destinations}: the RFC 1918 ranges (the
     * engines' bridges and the host's address on them among them), shared address space, the benchmarking range,
     * IPv6 unique-local and the old site-local range.
     */
    static final java.util.List<String> PRIVATE_DESTINATIONS = java.util.List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "198.18.0.0/15", "fc00::/7", "fec0::/10");

    /** squid's external ACL helper that hands the gateway the credential the launcher delivered (see {@link #credentialHelper}). */
    public static final String CREDENTIAL_HELPER = "credential-helper";
    /** The gateway's extra CA certificate for the provider's host, when the user gave one. */
    public static final String UPSTREAM_CA = "upstream-ca.pem";
    /** Where the proxy's container has this configuration (squid.conf, its pages, its helpers), read-only. */
    public static final String CONFIG_DIR = "/etc/paude-proxy";
    /** Where the launcher delivers the credential: a tmpfs of the proxy's own, never a file on the host. */
    public static final String CREDENTIAL_DIR = "/run/paude-gateway";
    public static final String CREDENTIAL_FILE = CREDENTIAL_DIR + "/credential";
    /** The files of the configuration directory that squid runs as programs. */
    public static final java.util.Set<String> EXECUTABLES = java.util.Set.of(LogDaemon.FILE, CREDENTIAL_HELPER);

    private SquidConfig() {
    }

    /**
     * The files of the proxy's configuration directory: {@code squid.conf}, the error pages, and the log daemon that
     * keeps the proxy's logs within the cap of {@code audit}; squid asks {@code dns} ({@code --proxy-dns}).
     */
    public static Map<String, String> files(Allowlist allowlist, String agentIp, ProxyDns dns, AuditSettings audit) {
        return files(allowlist, agentIp, dns, PrivateDestinations.NONE, audit);
    }

    /** As {@link #files(Allowlist, String, ProxyDns, AuditSettings)}, with the private ranges {@code open} opened. */
    public static Map<String, String> files(Allowlist allowlist, String agentIp, ProxyDns dns, PrivateDestinations open,
            AuditSettings audit) {
        return files(allowlist, agentIp, dns, open, audit, Optional.empty());
    }

    /** As above, with the session's model gateway (its port, upstreams, credential helper and CA), if it has one. */
    public static Map<String, String> files(Allowlist allowlist, String agentIp, ProxyDns dns, PrivateDestinations open,
            AuditSettings audit, Optional<ModelGateway> gateway) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("squid.conf", render(allowlist, agentIp, dns, open, gateway));
        if (gateway.isPresent()) {
            files.put(CREDENTIAL_HELPER, credentialHelper());
            gateway.get().upstreamCa().ifPresent(pem -> files.put(UPSTREAM_CA, pem));
        }
        files.put(LogDaemon.FILE, LogDaemon.script(audit));
        for (String page : ERROR_PAGES) {
            files.put("errors/" + page, page(page));
        }
        return files;
    }

    public static String render(Allowlist allowlist, String agentIp) {
        return render(allowlist, agentIp, ProxyDns.ENGINE);
    }

    public static String render(Allowlist allowlist, String agentIp, ProxyDns dns) {
        return render(allowlist, agentIp, dns, PrivateDestinations.NONE);
    }

    public static String render(Allowlist allowlist, String agentIp, ProxyDns dns, PrivateDestinations open) {
        return render(allowlist, agentIp, dns, open, Optional.empty());
    }

    public static String render(Allowlist allowlist, String agentIp, ProxyDns dns, PrivateDestinations open,
            Optional<ModelGateway> gateway) {
        if (!agentIp.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            throw new IllegalArgumentException("agent address must be IPv4: " + agentIp);
        }
        // The logs (LogDaemon): squid hands each access-log line to the log daemon, which cuts the log into capped parts,
        // and rotates its cache log into cache.log.0..2 when the daemon tells it to; umask 022 lets the user read the
        // files squid and the daemon create. The URL is cut at 4096 bytes: squid cuts a log line at 8 KiB, and a line
        // cut before its status and result would hide the request from 'paude audit'. The last field is the page squid
        // served (ERR_PAUDE_PRIVATE, ERR_PAUDE_SCHEME, ...): why a request was refused, "-" when none was.
        StringBuilder c = new StringBuilder();
        c.append("# Generated by paude for one session. Edits are overwritten at the next start.\n");
        c.append("http_port ").append(PORT).append('\n');
        gateway.ifPresent(g -> c.append("http_port ").append(ModelGateway.PORT).append(" accel defaultsite=")
                .append(g.upstreams().get(0).host()).append(" no-vhost name=gateway\n"));
        c.append("""
                visible_hostname paude-proxy
                httpd_suppress_version_string on
                cache_effective_user proxy
                cache_effective_group proxy
                pid_filename none
                cache deny all
                cache_mem 0 MB
                netdb_filename none
                coredump_dir none
                umask 022
                logfile_rotate ROTATE
                pinger_enable off
                icp_port 0
                htcp_port 0
                shutdown_lifetime 1 seconds
                dns_timeout 5 seconds
                forwarded_for delete
                via off
                logformat paude %ts.%03tu %>a %rm %.4096ru %>Hs %Ss %<a %err_code
                logfile_daemon /etc/paude-proxy/LOG_DAEMON
                access_log daemon:/var/log/paude-proxy/access.log paude
                cache_log stdio:/var/log/paude-proxy/cache.log
                error_directory /usr/share/paude-proxy/errors
                """.replace("ROTATE", Integer.toString(AuditSettings.ROTATIONS - 1)).replace("LOG_DAEMON", LogDaemon.FILE));
        if (!dns.isEngineDefault()) {
            // squid asks these and ignores the container's resolv.conf. It looks up only the names of requests that
            // passed the allowlist: every ACL before the allow matches by name (dstdomain -n, ports, method). A `dst`
            // ACL there would make squid resolve denied names and leak them (features/dns.feature catches that).
            c.append("dns_nameservers ").append(String.join(" ", dns.servers())).append('\n');
        }
        c.append("acl agent src ").append(agentIp).append("/32\n");
        c.append("""
                acl SSL_ports port 443
                acl Safe_ports port 80 443
                acl CONNECT method CONNECT
                acl plain_http proto HTTP
                acl raw_ip dstdom_regex -n ^[0-9.]+$ ^(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]+))*$ ^\\[?[0-9a-fA-F.]*:[0-9a-fA-F:.]*\\]?$
                """);
        if (allowlist.entries().isEmpty()) {
            c.append("acl allowlist dstdomain -n paude.invalid\n");
        } else {
            c.append("acl allowlist dstdomain -n");
            allowlist.asStrings().forEach(d -> c.append(' ').append(d));
            c.append('\n');
        }
        // Where an allowlisted name may lead: `dst` ACLs match the addresses the name resolves to (any of them), so
        // they need a lookup. Each deny that uses one starts with `allowlist`: squid stops at the first ACL of a line
        // that does not match, so only names that passed the allowlist are ever looked up (features/dns.feature).
        c.append("acl never_dst dst ").append(String.join(" ", NEVER_DESTINATIONS)).append('\n');
        c.append("acl private_dst dst ").append(String.join(" ", PRIVATE_DESTINATIONS)).append('\n');
        if (!open.isEmpty()) {
            c.append("acl private_opened dst ").append(String.join(" ", open.ranges())).append('\n');
        }
        c.append("""
                http_access deny manager
                http_access deny !agent
                http_access deny !Safe_ports
                http_access deny CONNECT !SSL_ports
                http_access deny !CONNECT !plain_http
                http_access deny raw_ip
                """);
        gateway.ifPresent(g -> c.append(gatewayRules(g, open)));
        c.append("http_access deny allowlist never_dst\n");
        // the page is chosen by the last ACL of the deny line, so private_dst comes last
        c.append(open.isEmpty() ? "http_access deny allowlist private_dst\n" : "http_access deny allowlist !private_opened private_dst\n");
        c.append("""
                http_access allow allowlist
                deny_info ERR_PAUDE_BLOCKED all
                deny_info ERR_PAUDE_RAW_IP raw_ip
                deny_info ERR_PAUDE_PORT Safe_ports
                deny_info ERR_PAUDE_PORT SSL_ports
                deny_info {SCHEME_PAGE} plain_http
                deny_info {PRIVATE_PAGE} never_dst
                deny_info {PRIVATE_PAGE} private_dst
                http_access deny all
                """.replace("{SCHEME_PAGE}", pageRef("ERR_PAUDE_SCHEME")).replace("{PRIVATE_PAGE}", pageRef("ERR_PAUDE_PRIVATE")));
        return c.toString();
    }

    /**
     * The model gateway's rules (they come after the generic denies and before the allowlist): requests on the
     * gateway port go only to the provider's hosts, only for its model paths, never directly, never to a private
     * address that is not opened, and only once the launcher has delivered the credential; the agent's own
     * credential headers are removed and the delivered one added. Nothing of this applies to the forward port: a
     * request there never reaches a peer and never gets a credential.
     */
    static String gatewayRules(ModelGateway g, PrivateDestinations open) {
        StringBuilder c = new StringBuilder();
        c.append("acl gateway myportname gateway\n");
        String ca = g.upstreamCa().isPresent() ? " tls-cafile=" + CONFIG_DIR + "/" + UPSTREAM_CA : "";
        for (ModelGateway.Upstream u : g.upstreams()) {
            c.append("cache_peer ").append(u.host()).append(" parent 443 0 no-query no-digest originserver tls")
                    .append(ca).append(" forceddomain=").append(u.host()).append(" name=").append(u.name()).append('\n');
            c.append("acl model_").append(u.name()).append(" urlpath_regex ").append(u.pathPattern()).append('\n');
            c.append("cache_peer_access ").append(u.name()).append(" allow gateway model_").append(u.name()).append('\n');
            c.append("cache_peer_access ").append(u.name()).append(" deny all\n");
        }
        c.append("acl model_request urlpath_regex");
        g.upstreams().forEach(u -> c.append(' ').append(u.pathPattern()));
        c.append('\n');
        c.append("external_acl_type paude_credential ttl=10 negative_ttl=0 children-max=1 children-startup=1 %SRC ")
                .append(CONFIG_DIR).append('/').append(CREDENTIAL_HELPER).append('\n');
        c.append("acl credential external paude_credential\n");
        c.append("""
                never_direct allow gateway
                always_direct allow !gateway
                request_header_access Authorization deny gateway
                request_header_access X-Api-Key deny gateway
                request_header_access Proxy-Authorization deny gateway
                request_header_access Surrogate-Capability deny gateway
                """);
        c.append(switch (g.provider()) {
            case ANTHROPIC_API_KEY -> "request_header_add X-Api-Key \"%note{credential}\" gateway\n";
            case ANTHROPIC_OAUTH, VERTEX -> "request_header_add Authorization \"Bearer %note{credential}\" gateway\n";
        });
        c.append("http_access deny gateway !model_request\n");
        c.append("http_access deny gateway never_dst\n");
        c.append(open.isEmpty() ? "http_access deny gateway private_dst\n" : "http_access deny gateway !private_opened private_dst\n");
        c.append("http_access allow gateway credential\n");
        c.append("http_access deny gateway\n");
        c.append("deny_info ").append(pageRef("ERR_PAUDE_GATEWAY")).append(" model_request\n");
        c.append("deny_info ").append(pageRef("ERR_PAUDE_GATEWAY")).append(" gateway\n");
        return c.toString();
    }

    /**
     * The external ACL helper: for each of squid's questions, the credential the launcher last delivered to the
     * proxy's tmpfs, as the note squid adds to the model request ("ERR" while there is none). The launcher delivers
     * only values of token characters, so the answer is one word.
     */
    static String credentialHelper() {
        return """
                #!/bin/sh
                # paude: squid asks, for each model request of the gateway, for the credential to add (cached 10 s).
                while read -r _; do
                  if [ -s CREDENTIAL ]; then printf 'OK credential=%s\n' "$(cat CREDENTIAL)"; else echo ERR; fi
                done
                """.replace("CREDENTIAL", CREDENTIAL_FILE);
    }

    /** How squid.conf names a page: by name when the image links it, else by its path to the mounted copy. */
    static String pageRef(String page) {
        return LINKED_PAGES.contains(page) ? page : ERROR_DIR_TO_CONFIG + page;
    }

    public static String errorPage() {
        return page(ERROR_PAGE);
    }

    static String page(String name) {
        try (InputStream in = SquidConfig.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("error page resource missing from the launcher jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
