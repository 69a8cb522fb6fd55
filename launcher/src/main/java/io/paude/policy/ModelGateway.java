package io.paude.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The model gateway of a session: the proxy's second port, where Claude Code sends its model requests in plain HTTP
 * on the session's internal network, and from where the proxy forwards exactly those requests, over TLS, to the
 * provider's host, with the user's credential added. The credential is delivered to the proxy by the launcher and is
 * never in the agent's container: the agent holds a placeholder. Pure data; what squid does with it is in
 * {@code proxy/SquidConfig}, the credential itself in {@code gateway/}.
 *
 * @param provider    whose API, and which credential is added
 * @param project     the Google Cloud project (Vertex AI only; empty otherwise)
 * @param regions     the Vertex AI regions the gateway forwards to (Vertex AI only), each to its own host
 * @param upstreamCa  a CA certificate (PEM) the gateway trusts for the provider's host besides the system's, for a
 *                    network that re-signs TLS (and the test suite's fixture)
 */
public record ModelGateway(Provider provider, String project, List<String> regions, Optional<String> upstreamCa) {
    /** The proxy's gateway port, on the session's internal network only. */
    public static final int PORT = 3129;
    /** What the agent holds in place of a credential: Claude Code needs a value, the gateway replaces it. */
    public static final String PLACEHOLDER = "paude-gateway-holds-the-credential";
    /** A Google Cloud project id, and a region name: what may appear in a host name and a URL path. */
    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9.:-]{0,62}");
    private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z0-9]+)*");

    /** The three ways to authenticate; each adds the credential its own way. */
    public enum Provider {
        /** The Anthropic API with an API key: {@code x-api-key}. */
        ANTHROPIC_API_KEY("api-key"),
        /** The Anthropic API with a Claude subscription token ({@code claude setup-token}): {@code Authorization: Bearer}. */
        ANTHROPIC_OAUTH("oauth-token"),
        /** Vertex AI with a short-lived access token minted on the host: {@code Authorization: Bearer}. */
        VERTEX("vertex");

        private final String id;

        Provider(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** One host the gateway forwards to, and the requests that go there. */
    public record Upstream(String name, String host, String pathPattern) {
    }

    public ModelGateway {
        regions = List.copyOf(regions);
        if (provider == Provider.VERTEX) {
            if (project == null || !PROJECT.matcher(project).matches()) {
                throw new PolicyException("Vertex AI needs a Google Cloud project id, got '" + project + "'",
                        "set ANTHROPIC_VERTEX_PROJECT_ID to your project's id");
            }
            if (regions.isEmpty()) {
                throw new PolicyException("Vertex AI needs a region", "set CLOUD_ML_REGION (for example us-east5, or global)");
            }
            for (String r : regions) {
                if (!REGION.matcher(r).matches()) {
                    throw new PolicyException("Vertex AI region '" + r + "' is not a region name",
                            "set CLOUD_ML_REGION (and VERTEX_REGION_*) to region names such as us-east5 or global");
                }
            }
        } else {
            project = "";
            regions = List.of();
        }
    }

    public static ModelGateway anthropic(Provider provider, Optional<String> upstreamCa) {
        return new ModelGateway(provider, "", List.of(), upstreamCa);
    }

    /** The hosts the gateway forwards to, each with the only request paths it forwards there. */
    public List<Upstream> upstreams() {
        if (provider != Provider.VERTEX) {
            return List.of(new Upstream("anthropic", "api.anthropic.com", "^/v1/messages(/count_tokens)?(\\?[^/]*)?$"));
        }
        List<Upstream> ups = new ArrayList<>();
        for (String r : regions.stream().distinct().toList()) {
            String host = r.equals("global") ? "aiplatform.googleapis.com" : r + "-aiplatform.googleapis.com";
            ups.add(new Upstream("vertex-" + r, host, "^/v1/projects/" + project.replace(".", "\\.") + "/locations/" + r + "/publishers/anthropic/models/[A-Za-z0-9@._-]+:(streamRawPredict|rawPredict)$"));
        }
        return ups;
    }

    /** The agent's environment for this gateway at {@code proxyIp}: where to send model requests, and placeholders. */
    public Map<String, String> agentEnv(String proxyIp) {
        String base = "http://" + proxyIp + ":" + PORT;
        Map<String, String> env = new LinkedHashMap<>();
        switch (provider) {
            case ANTHROPIC_API_KEY -> {
                env.put("ANTHROPIC_BASE_URL", base);
                env.put("ANTHROPIC_API_KEY", PLACEHOLDER);
            }
            case ANTHROPIC_OAUTH -> {
                env.put("ANTHROPIC_BASE_URL", base);
                env.put("CLAUDE_CODE_OAUTH_TOKEN", PLACEHOLDER);
            }
            case VERTEX -> {
                env.put("CLAUDE_CODE_USE_VERTEX", "1");
                env.put("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1");
                env.put("ANTHROPIC_VERTEX_BASE_URL", base + "/v1");
                env.put("ANTHROPIC_VERTEX_PROJECT_ID", project);
            }
        }
        return env;
    }

    /** One line for the user: which provider, where the credential stays. */
    public String describe() {
        String where = provider == Provider.VERTEX ? "Vertex AI (project " + project + ", " + String.join(", ", regions) + ")"
                : "the Anthropic API";
        return "model gateway: " + where + " with your " + switch (provider) {
            case ANTHROPIC_API_KEY -> "API key";
            case ANTHROPIC_OAUTH -> "Claude subscription token";
            case VERTEX -> "Google application default credentials (short-lived access tokens, renewed)";
        } + ", held by the proxy; the agent holds a placeholder";
    }
}
