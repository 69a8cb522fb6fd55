package io.paude.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.policy.Allowlist;
import io.paude.policy.AuditSettings;
import io.paude.policy.PolicyException;
import io.paude.policy.PrivateDestinations;
import io.paude.policy.ProxyDns;
import java.util.List;
import org.junit.jupiter.api.Test;

class SquidConfigTest {
    String conf = SquidConfig.render(Allowlist.of(List.of(".google.com", "example.com")), "10.213.7.2");

    @Test
    void onlyTheAgentMayUseTheProxy() {
        assertThat(conf).contains("acl agent src 10.213.7.2/32").contains("http_access deny !agent");
    }

    @Test
    void denyRulesComeBeforeTheAllowAndEverythingElseIsDenied() {
        int allow = conf.indexOf("http_access allow allowlist");
        for (String deny : List.of("deny manager", "deny !agent", "deny CONNECT !SSL_ports", "deny raw_ip", "deny !Safe_ports",
                "deny !CONNECT !plain_http", "deny allowlist never_dst", "deny allowlist private_dst")) {
            assertThat(conf.indexOf("http_access " + deny)).isBetween(0, allow);
        }
        assertThat(conf.strip()).endsWith("http_access deny all");
        assertThat(conf).contains("acl allowlist dstdomain -n .google.com example.com");
    }

    @Test
    void theEmptyDefaultAllowlistMatchesNoRealName() {
        String empty = SquidConfig.render(Allowlist.defaults(), "10.213.7.2");
        assertThat(empty.lines()).contains("acl allowlist dstdomain -n paude.invalid");
        assertThat(empty.strip()).endsWith("http_access deny all");
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
        // ... and it ends with the page served: the reason of a refusal
        assertThat(conf).contains("logformat paude %ts.%03tu %>a %rm %.4096ru %>Hs %Ss %<a %err_code\n");
    }

    @Test
    void theFilesCarryTheLogDaemonForTheSessionsCap() {
        var files = SquidConfig.files(Allowlist.defaults(), "10.213.7.2", ProxyDns.ENGINE, new AuditSettings(64 * 1024, 1, 1));
        assertThat(files).containsKeys("squid.conf", "log-daemon", "errors/ERR_PAUDE_BLOCKED", "errors/ERR_PAUDE_PRIVATE",
                "errors/ERR_PAUDE_SCHEME");
        assertThat(files.get("log-daemon")).startsWith("#!/bin/sh\n").contains("split -C 16384 ");
    }

    @Test
    void errorPageNamesTheHostAndTheFix() {
        assertThat(SquidConfig.errorPage()).contains("%H").contains("--allow-domain");
    }

    @Test
    void onlyPlainHttpAndConnectPassWithTheirOwnPage() {
        assertThat(conf.lines()).contains("acl plain_http proto HTTP", "http_access deny !CONNECT !plain_http",
                "deny_info ../../../../etc/paude-proxy/errors/ERR_PAUDE_SCHEME plain_http");
        assertThat(SquidConfig.page("ERR_PAUDE_SCHEME")).contains("%H").contains("ftp, gopher");
    }

    @Test
    void allowlistedNamesLeadingToPrivateAddressesAreRefusedAfterTheAllowlistAndBeforeTheAllow() {
        List<String> lines = conf.lines().toList();
        assertThat(lines).contains(
                "acl never_dst dst 0.0.0.0/8 127.0.0.0/8 169.254.0.0/16 224.0.0.0/4 240.0.0.0/4 ::/128 ::1/128 fe80::/10 ff00::/8",
                "acl private_dst dst 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 100.64.0.0/10 198.18.0.0/15 fc00::/7 fec0::/10",
                "deny_info ../../../../etc/paude-proxy/errors/ERR_PAUDE_PRIVATE never_dst",
                "deny_info ../../../../etc/paude-proxy/errors/ERR_PAUDE_PRIVATE private_dst");
        assertThat(lines).noneMatch(l -> l.startsWith("acl private_opened"));
        // every line that needs a lookup (dst) starts with the allowlist, which squid checks first: denied names
        // are never resolved
        assertThat(lines).filteredOn(l -> l.startsWith("http_access") && (l.contains("_dst") || l.contains("_opened")))
                .hasSize(2).allMatch(l -> l.startsWith("http_access deny allowlist "));
        int allow = lines.indexOf("http_access allow allowlist");
        assertThat(lines.indexOf("http_access deny allowlist never_dst")).isBetween(lines.indexOf("http_access deny raw_ip"), allow);
        assertThat(lines.indexOf("http_access deny allowlist private_dst")).isBetween(0, allow);
        assertThat(SquidConfig.page("ERR_PAUDE_PRIVATE")).contains("%H").contains("private address")
                .contains("--allow-private-destinations");
    }

    @Test
    void openedRangesPassOnlyThePrivateRuleNeverLoopbackOrLinkLocal() {
        String opened = SquidConfig.render(Allowlist.defaults(), "10.213.7.2", ProxyDns.ENGINE,
                PrivateDestinations.parse(List.of("172.30.0.0/16,fd00:1::/64", "10.9.0.0/24")));
        assertThat(opened.lines()).contains("acl private_opened dst 172.30.0.0/16 fd00:1::/64 10.9.0.0/24",
                "http_access deny allowlist never_dst", "http_access deny allowlist !private_opened private_dst")
                .doesNotContain("http_access deny allowlist private_dst");
        assertThat(opened.indexOf("deny allowlist never_dst")).isLessThan(opened.indexOf("deny allowlist !private_opened"));
    }

    @Test
    void privateDestinationsAreCidrRangesOnly() {
        for (String bad : List.of("10.0.0.0", "intranet.example.com/16", "10.0.0.0/33", "fd00::/129", "10.0.0.0/x")) {
            assertThatThrownBy(() -> PrivateDestinations.parse(List.of(bad))).isInstanceOf(PolicyException.class)
                    .hasMessageContaining(bad);
        }
        assertThat(PrivateDestinations.parse(List.of(" 10.1.0.0/16 , ", "fd00::/8")).ranges()).containsExactly("10.1.0.0/16", "fd00::/8");
    }

    @Test
    void withoutAGatewayThereIsNoSecondPortAndNoPeer() {
        assertThat(conf).doesNotContain("3129").doesNotContain("cache_peer").doesNotContain("request_header_add");
    }

    @Test
    void theGatewayForwardsOnlyModelPathsToTheProvidersHostAndAddsTheCredentialOnlyThere() {
        var g = io.paude.policy.ModelGateway.anthropic(io.paude.policy.ModelGateway.Provider.ANTHROPIC_API_KEY,
                java.util.Optional.of("-----BEGIN CERTIFICATE-----\n"));
        String c = SquidConfig.render(Allowlist.of(List.of()), "10.213.7.2", ProxyDns.ENGINE, PrivateDestinations.NONE,
                java.util.Optional.of(g));
        assertThat(c).contains("http_port 3129 accel defaultsite=api.anthropic.com no-vhost name=gateway")
                .contains("cache_peer api.anthropic.com parent 443 0 no-query no-digest originserver tls "
                        + "tls-cafile=/etc/paude-proxy/upstream-ca.pem forceddomain=api.anthropic.com name=anthropic")
                .contains("cache_peer_access anthropic allow gateway model_anthropic")
                .contains("never_direct allow gateway")
                .contains("request_header_access X-Api-Key deny gateway")
                .contains("request_header_access Authorization deny gateway")
                .contains("request_header_add X-Api-Key \"%note{credential}\" gateway");
        // the gateway's rules come after the generic denies and before the allowlist, and end in a deny
        int allowGateway = c.indexOf("http_access allow gateway credential");
        assertThat(c.indexOf("http_access deny !agent")).isBetween(0, allowGateway);
        assertThat(c.indexOf("http_access deny gateway !model_request")).isBetween(0, allowGateway);
        assertThat(c.indexOf("http_access deny gateway private_dst")).isBetween(0, allowGateway);
        assertThat(c.indexOf("http_access deny gateway\n")).isGreaterThan(allowGateway);
        assertThat(c.indexOf("http_access deny gateway\n")).isLessThan(c.indexOf("http_access allow allowlist"));
        assertThat(SquidConfig.files(Allowlist.of(List.of()), "10.213.7.2", ProxyDns.ENGINE, PrivateDestinations.NONE,
                AuditSettings.defaults(), java.util.Optional.of(g))).containsKeys(SquidConfig.CREDENTIAL_HELPER, SquidConfig.UPSTREAM_CA);
    }

    @Test
    void vertexGoesToEachRegionsHostOnlyForTheProjectsModels() {
        var g = new io.paude.policy.ModelGateway(io.paude.policy.ModelGateway.Provider.VERTEX, "my-project",
                List.of("us-east5", "global"), java.util.Optional.empty());
        String c = SquidConfig.render(Allowlist.of(List.of()), "10.213.7.2", ProxyDns.ENGINE, PrivateDestinations.NONE,
                java.util.Optional.of(g));
        assertThat(c).contains("cache_peer us-east5-aiplatform.googleapis.com parent 443")
                .contains("cache_peer aiplatform.googleapis.com parent 443")
                .contains("acl model_vertex-us-east5 urlpath_regex ^/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/")
                .contains("request_header_add Authorization \"Bearer %note{credential}\" gateway")
                .doesNotContain("tls-cafile");
        assertThat(java.util.regex.Pattern.compile(g.upstreams().get(0).pathPattern())
                .matcher("/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict")
                .matches()).isTrue();
        assertThat(java.util.regex.Pattern.compile(g.upstreams().get(0).pathPattern())
                .matcher("/v1/projects/other-project/locations/us-east5/publishers/anthropic/models/m:streamRawPredict").matches()).isFalse();
    }
}
