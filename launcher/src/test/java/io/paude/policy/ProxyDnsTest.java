package io.paude.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyDnsTest {
    @Test
    void acceptsIpv4AndIpv6LiteralsCommaSeparatedOrRepeated() {
        assertThat(ProxyDns.parse(List.of("10.0.0.53,192.168.1.1", " fd00::53 ")).servers())
                .containsExactly("10.0.0.53", "192.168.1.1", "fd00::53");
        assertThat(ProxyDns.parse(List.of()).isEngineDefault()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dns.corp.example", "10.0.0", "10.0.0.256", "1.2.3.4.5", "010.0.0.1", "1:2", "fd00::53::1",
        "10.0.0.53:53", "8.8.8.8; rm -rf /", "dns_nameservers", ""})
    void rejectsAnythingButAnIpAddressAndSaysHowToFixIt(String bad) {
        assertThatThrownBy(() -> new ProxyDns(List.of(bad))).isInstanceOf(PolicyException.class)
                .hasMessageContaining("is not an IP address")
                .satisfies(e -> assertThat(((PolicyException) e).fix()).contains("--proxy-dns"));
    }
}
