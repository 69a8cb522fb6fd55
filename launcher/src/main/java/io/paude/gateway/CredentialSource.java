package io.paude.gateway;

import io.paude.policy.ModelGateway;
import io.paude.policy.PolicyException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway's credential comes from, on the host: the launcher's own environment for an API key or a
 * subscription token, the application default credentials for Vertex AI (a short-lived access token minted for each
 * delivery). Nothing here is passed to the agent.
 */
public interface CredentialSource {
    /** The host variable that holds an Anthropic API key. */
    String API_KEY_VARIABLE = "ANTHROPIC_API_KEY";
    /** The host variable that holds a Claude subscription token ({@code claude setup-token}). */
    String OAUTH_TOKEN_VARIABLE = "CLAUDE_CODE_OAUTH_TOKEN";

    /** The credential to deliver now (a fresh one, for a source that mints). */
    Credential fetch();

    /** Whether the credential expires, so that a session must renew it while it runs. */
    boolean renews();

    /** The source of {@code gateway}'s credential, checked now: a missing variable or file is named with its fix. */
    static CredentialSource of(ModelGateway gateway, Map<String, String> env, Path home) {
        return switch (gateway.provider()) {
            case ANTHROPIC_API_KEY -> fixed(env, API_KEY_VARIABLE, "an Anthropic API key (console.anthropic.com)");
            case ANTHROPIC_OAUTH -> fixed(env, OAUTH_TOKEN_VARIABLE, "a Claude subscription token ('claude setup-token')");
            case VERTEX -> GoogleAdc.load(env, home);
        };
    }

    private static CredentialSource fixed(Map<String, String> env, String variable, String what) {
        String v = Optional.ofNullable(env.get(variable)).map(String::strip).orElse("");
        if (v.isEmpty()) {
            throw new PolicyException(variable + " is not set, and the session's model gateway needs " + what,
                    "export " + variable + "=... before starting paude, or choose another way with --auth");
        }
        Credential c = new Credential(v, Optional.empty());
        return new CredentialSource() {
            @Override
            public Credential fetch() {
                return c;
            }

            @Override
            public boolean renews() {
                return false;
            }
        };
    }
}
