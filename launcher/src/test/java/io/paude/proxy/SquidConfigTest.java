package io.paude.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.audit.AuditSettings;
import io.paude.policy.Allowlist;
import io.paude.policy.ProxyDns;
import java.util.List;
import org.junit.jupiter.api.Test;

class SquidConfigTest {
    String conf = SquidConfig.render(Allowlist.of(List.of(".googleapis.com", "example.com")), "10.213.7.2");

    @Test
    void onlyTheAgentMayUseTheProxy() {
        assertThat(conf).contains("acl agent src 10.213.7.2/32").contains("http_access deny !agent");
    }

    @Test
    void denyRulesComeBeforeTheAllowAndEverythingElseIsDenied() {
        int allow = conf.indexOf("http_access allow allowlist");
        for (String deny : List.of("deny manager", "deny !agent", "deny CONNECT !SSL_ports", "deny raw_ip", "deny !Safe_ports")) {
            assertThat(conf.indexOf("http_access " + deny)).isBetween(0, allow);
        }
        assertThat(conf.strip()).endsWith("http_access deny all");
        assertThat(conf).contains("acl allowlist dstdomain -n .googleapis.com example.com");
    }

    @Test
    void theEngineResolverIsUsedUnlessAResolverIsGiven() {
        assertThat(conf).doesNotContain("dns_nameservers");
        String withDns = SquidConfig.render(Allowlist.defaults(), "10.213.7.2", new ProxyDns(List.of("10.0.0.53", "fd00::53")));
        assertThat(withDns.lines()).containsOnlyOnce("dns_nameservers 10.0.0.53 fd00::53");
    }

    @Test
    void theAccessLogGoesThroughTheLogDaemonAndTheCacheLogRotatesIntoFourFiles() {
        assertThat(conf.lines()).contains("logfile_daemon /etc/paude-proxy/log-daemon",
                "access_log daemon:/var/log/paude-proxy/access.log paude", "logfile_rotate 3", "umask 022")
                .noneMatch(l -> l.startsWith("access_log stdio:"));
        // a URL is cut before squid's 8 KiB line limit would cut the status and the decision off the line
        assertThat(conf).contains("logformat paude %ts.%03tu %>a %rm %.4096ru %>Hs %Ss %<a");
    }

    @Test
    void theFilesCarryTheLogDaemonForTheSessionsCap() {
        var files = SquidConfig.files(Allowlist.defaults(), "10.213.7.2", ProxyDns.ENGINE, new AuditSettings(64 * 1024, 1, 1));
        assertThat(files).containsKeys("squid.conf", "log-daemon", "errors/ERR_PAUDE_BLOCKED");
        assertThat(files.get("log-daemon")).startsWith("#!/bin/sh\n").contains("split -C 16384 ");
    }

    @Test
    void errorPageNamesTheHostAndTheFix() {
        assertThat(SquidConfig.errorPage()).contains("%H").contains("--allow-domain");
    }
}
