package io.paude.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.policy.RegistryAliases;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryHintsTest {
    @Test
    void aRefusedRegistryIsNamedWithTheAliasThatAllowsIt() {
        List<String> hints = RegistryHints.hints(List.of(
                "1795942115.297 10.213.153.34 CONNECT registry.npmjs.org:443 403 TCP_DENIED -",
                "1795942115.949 10.213.153.34 CONNECT pypi.org:443 403 TCP_DENIED -",
                "1795942115.950 10.213.153.34 GET http://files.pythonhosted.org/packages/x.whl 403 TCP_DENIED -",
                "1795942115.951 10.213.153.34 CONNECT pypi.org:443 403 TCP_DENIED -"));
        assertThat(hints).hasSize(2);
        assertThat(hints.get(0)).contains("npm package registry (registry.npmjs.org)", "--allow-domain npm");
        assertThat(hints.get(1)).contains("pypi package registry (pypi.org, files.pythonhosted.org)", "--allow-domain pypi");
    }

    @Test
    void allowedRequestsAndOtherHostsGiveNoHint() {
        assertThat(RegistryHints.hints(List.of(
                "1795942115.297 10.213.153.34 CONNECT registry.npmjs.org:443 200 TCP_TUNNEL 10.0.0.2",
                "1795942115.298 10.213.153.34 CONNECT evil.com:443 403 TCP_DENIED -",
                "garbage"))).isEmpty();
    }

    @Test
    void theProxyRefusalPageNamesEveryRegistryAlias() throws Exception {
        try (InputStream in = io.paude.proxy.SquidConfig.class.getResourceAsStream("ERR_PAUDE_BLOCKED")) {
            String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(page).contains(RegistryAliases.all().keySet());
        }
    }
}
