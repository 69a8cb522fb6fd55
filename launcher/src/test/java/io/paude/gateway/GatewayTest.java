package io.paude.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.paude.policy.ModelGateway;
import io.paude.policy.ModelGateway.Provider;
import io.paude.policy.PolicyException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTest {
    @TempDir
    Path tmp;
    /** A token endpoint on loopback, and the bodies of the requests it got. */
    private final List<String> bodies = new ArrayList<>();
    private HttpServer server;

    @org.junit.jupiter.api.BeforeEach
    void startEndpoint() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", x -> {
            bodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] a = "{\"access_token\":\"ya29.minted\",\"expires_in\":3599}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, a.length);
            x.getResponseBody().write(a);
            x.close();
        });
        server.start();
    }

    @org.junit.jupiter.api.AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    @Test
    void credentialsAreTokensAndNeverPrinted() {
        Credential c = new Credential("sk-ant-api03-abcdefgh", Optional.empty());
        assertThat(c.toString()).doesNotContain("abcdefgh").contains("sk-a****");
        assertThatThrownBy(() -> new Credential("has space inside", Optional.empty())).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> new Credential("line\nbreak-123", Optional.empty())).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> new Credential("quote\"123456", Optional.empty())).isInstanceOf(PolicyException.class);
    }

    @Test
    void renewalIsAtHalfTheLifetime() {
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        assertThat(GatewayKeeper.renewAt(t, t.plusSeconds(3600))).isEqualTo(t.plusSeconds(1800));
    }

    @Test
    void theTokenEndpointMustBeHttpsOrLoopback() {
        Path f = tmp.resolve("adc.json");
        assertThat(GoogleAdc.tokenUri(f, "https://oauth2.googleapis.com/token").getHost()).isEqualTo("oauth2.googleapis.com");
        assertThat(GoogleAdc.tokenUri(f, "http://127.0.0.1:8080/token").getPort()).isEqualTo(8080);
        assertThatThrownBy(() -> GoogleAdc.tokenUri(f, "http://evil.com/token")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("neither HTTPS nor on this machine's loopback");
    }

    @Test
    void anAuthorizedUserIsExchangedAtTheTokenEndpoint() throws Exception {
        Path home = tmp.resolve("home");
        Path adc = Files.createDirectories(home.resolve(".config/gcloud")).resolve("application_default_credentials.json");
        Files.writeString(adc, "{\"type\":\"authorized_user\",\"client_id\":\"cid\",\"client_secret\":\"csecret\","
                + "\"refresh_token\":\"1//refresh\",\"token_uri\":\"http://127.0.0.1:" + server.getAddress().getPort() + "/token\"}");
        Credential c = GoogleAdc.load(Map.of(), home).fetch();
        assertThat(c.value()).isEqualTo("ya29.minted");
        assertThat(c.expires()).isPresent();
        assertThat(bodies).singleElement().asString().contains("grant_type=refresh_token").contains("refresh_token=1%2F%2Frefresh")
                .contains("client_secret=csecret");
    }

    @Test
    void aServiceAccountSignsAnAssertion() throws Exception {
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path key = tmp.resolve("key.json");
        Files.writeString(key, "{\"type\":\"service_account\",\"client_email\":\"sa@p.iam.gserviceaccount.com\","
                + "\"private_key\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(pem)
                + ",\"token_uri\":\"http://127.0.0.1:" + server.getAddress().getPort() + "/token\"}");
        Credential c = GoogleAdc.load(Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString()), tmp).fetch();
        assertThat(c.value()).isEqualTo("ya29.minted");
        assertThat(bodies).singleElement().asString().contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")
                .contains("assertion=");
    }

    @Test
    void otherKindsOfCredentialsAreNamed() throws Exception {
        Path f = tmp.resolve("ext.json");
        Files.writeString(f, "{\"type\":\"external_account\"}");
        assertThatThrownBy(() -> GoogleAdc.load(Map.of("GOOGLE_APPLICATION_CREDENTIALS", f.toString()), tmp))
                .isInstanceOf(PolicyException.class).hasMessageContaining("external_account");
    }

    @Test
    void aFixedCredentialComesFromTheHostVariable() {
        ModelGateway g = ModelGateway.anthropic(Provider.ANTHROPIC_OAUTH, Optional.empty());
        assertThat(CredentialSource.of(g, Map.of("CLAUDE_CODE_OAUTH_TOKEN", "sk-ant-oat01-xyz123"), tmp).fetch().value())
                .isEqualTo("sk-ant-oat01-xyz123");
        assertThatThrownBy(() -> CredentialSource.of(g, Map.of(), tmp)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("CLAUDE_CODE_OAUTH_TOKEN is not set").hasMessageContaining("claude setup-token");
    }
}
