package io.paude.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paude.policy.PolicyException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The user's Google application default credentials, read on the host, and the short-lived access tokens minted from
 * them for the Vertex AI gateway. The file is {@code GOOGLE_APPLICATION_CREDENTIALS} or
 * {@code ${CLOUDSDK_CONFIG:-~/.config/gcloud}/application_default_credentials.json} (what
 * {@code gcloud auth application-default login} writes). Two kinds are understood: {@code authorized_user} (a refresh
 * token, exchanged at the token endpoint) and {@code service_account} (a signed JWT assertion, RFC 7523). The refresh
 * token and the private key never leave this process; the agent's container never sees the file.
 *
 * <p>The token endpoint is the file's {@code token_uri} when it names one (Google's libraries honour it too), else
 * Google's; it must be HTTPS, or HTTP on the loopback address (a local test endpoint).
 */
public final class GoogleAdc implements CredentialSource {
    static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode adc;
    private final URI tokenUri;
    private final Clock clock;
    private final HttpClient http;

    GoogleAdc(Path file, JsonNode adc, Clock clock) {
        this.file = file;
        this.adc = adc;
        this.clock = clock;
        this.tokenUri = tokenUri(file, adc.path("token_uri").asText(DEFAULT_TOKEN_URI));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String type = adc.path("type").asText("");
        switch (type) {
            case "authorized_user" -> require("client_id", "client_secret", "refresh_token");
            case "service_account" -> require("client_email", "private_key");
            default -> throw new PolicyException("the application default credentials in " + file + " are of type '" + type
                    + "', which paude cannot mint tokens from (it reads authorized_user and service_account)",
                    "run 'gcloud auth application-default login', or point GOOGLE_APPLICATION_CREDENTIALS at a service "
                            + "account key; or use --auth gcloud-mount");
        }
    }

    /** The application default credentials of this host, read and checked now. */
    public static GoogleAdc load(Map<String, String> env, Path home) {
        Path file = location(env, home);
        if (!Files.isRegularFile(file)) {
            throw new PolicyException("no Google application default credentials at " + file
                    + " (Vertex AI through the model gateway needs them)",
                    "run 'gcloud auth application-default login', or set GOOGLE_APPLICATION_CREDENTIALS to a key file");
        }
        try {
            return new GoogleAdc(file, JSON.readTree(Files.readAllBytes(file)), Clock.systemUTC());
        } catch (IOException e) {
            throw new PolicyException("cannot read the application default credentials " + file + ": " + e.getMessage(),
                    "run 'gcloud auth application-default login' again");
        }
    }

    static Path location(Map<String, String> env, Path home) {
        String explicit = env.get("GOOGLE_APPLICATION_CREDENTIALS");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String sdk = env.get("CLOUDSDK_CONFIG");
        Path dir = sdk != null && sdk.startsWith("/") ? Path.of(sdk) : home.resolve(".config/gcloud");
        return dir.resolve("application_default_credentials.json");
    }

    @Override
    public boolean renews() {
        return true;
    }

    /** A new access token from the token endpoint. */
    @Override
    public Credential fetch() {
        Map<String, String> form = new LinkedHashMap<>();
        if (adc.path("type").asText().equals("authorized_user")) {
            form.put("grant_type", "refresh_token");
            form.put("client_id", adc.path("client_id").asText());
            form.put("client_secret", adc.path("client_secret").asText());
            form.put("refresh_token", adc.path("refresh_token").asText());
        } else {
            form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
            form.put("assertion", assertion());
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        Instant asked = clock.instant();
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(tokenUri).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PolicyException("cannot reach Google's token endpoint " + tokenUri + " to mint a Vertex AI access token: "
                    + e.getMessage(), "check the host's network; paude mints tokens on the host, never in the sandbox");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyException("interrupted while minting a Vertex AI access token", "start again");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(r.body());
        } catch (IOException e) {
            answer = JSON.createObjectNode();
        }
        if (r.statusCode() != 200 || !answer.hasNonNull("access_token")) {
            String why = answer.path("error_description").asText(answer.path("error").asText("HTTP " + r.statusCode()));
            throw new PolicyException("Google's token endpoint refused the application default credentials of " + file + ": "
                    + why, "run 'gcloud auth application-default login' again");
        }
        long lifetime = answer.path("expires_in").asLong(3600);
        return new Credential(answer.path("access_token").asText(), Optional.of(asked.plusSeconds(lifetime)));
    }

    /** The signed JWT of a service account, for the cloud-platform scope, valid for an hour. */
    private String assertion() {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        if (adc.hasNonNull("private_key_id")) {
            header.put("kid", adc.path("private_key_id").asText());
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", adc.path("client_email").asText());
        claims.put("scope", SCOPE);
        claims.put("aud", tokenUri.toString());
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signing = b64.encodeToString(JSON.writeValueAsBytes(header)) + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey(adc.path("private_key").asText()));
            rsa.update(signing.getBytes(StandardCharsets.US_ASCII));
            return signing + "." + b64.encodeToString(rsa.sign());
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new PolicyException("cannot sign with the service account key of " + file + ": " + e.getMessage(),
                    "create a new key for the service account, or use 'gcloud auth application-default login'");
        }
    }

    static PrivateKey privateKey(String pem) throws java.security.GeneralSecurityException {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private void require(String... fields) {
        for (String f : fields) {
            if (adc.path(f).asText("").isEmpty()) {
                throw new PolicyException("the application default credentials in " + file + " have no " + f,
                        "run 'gcloud auth application-default login' again");
            }
        }
    }

    static URI tokenUri(Path file, String raw) {
        URI u;
        try {
            u = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new PolicyException("token_uri '" + raw + "' in " + file + " is not a URL", "remove it to use Google's endpoint");
        }
        String host = u.getHost() == null ? "" : u.getHost();
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1");
        if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
            throw new PolicyException("token_uri '" + raw + "' in " + file + " is neither HTTPS nor on this machine's loopback",
                    "remove it to use Google's endpoint (" + DEFAULT_TOKEN_URI + ")");
        }
        return u;
    }
}
