package io.paude.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the agent reaches its model, as the user asked ({@code --auth}) and, once the credentials guard has resolved
 * it against the host's environment, the session's {@link ModelGateway}.
 *
 * @param mode       what was asked; {@link Mode#AUTO} until resolved
 * @param upstreamCa a CA certificate (PEM text) the gateway trusts for the provider's host besides the system's
 * @param gateway    the resolved gateway, when the credential is held by the proxy
 */
public record ModelAccess(Mode mode, Optional<String> upstreamCa, Optional<ModelGateway> gateway) {
    /** The default: chosen from the host's environment, the gateway whenever a credential is configured. */
    public static final ModelAccess AUTO = new ModelAccess(Mode.AUTO, Optional.empty(), Optional.empty());

    public enum Mode {
        /** Vertex AI if CLAUDE_CODE_USE_VERTEX is set, else a subscription token, else an API key, else none. */
        AUTO("auto"),
        VERTEX("vertex"),
        API_KEY("api-key"),
        OAUTH_TOKEN("oauth-token"),
        /** Task 3's mode, an explicit opt-in: the gcloud directory read-only in the agent, which talks to Google itself. */
        GCLOUD_MOUNT("gcloud-mount"),
        /** No model credential at all (a shell session, or a Claude Code that will ask to log in). */
        NONE("none");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Mode parse(String raw) {
            String v = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(m -> m.id.equals(v)).findFirst().orElseThrow(() -> new PolicyException(
                    "--auth '" + raw + "' is not a way to authenticate",
                    "use one of " + Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", "))));
        }
    }

    public ModelAccess {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(upstreamCa, "upstreamCa");
        Objects.requireNonNull(gateway, "gateway");
    }

    public static ModelAccess of(Mode mode, Optional<String> upstreamCa) {
        return new ModelAccess(mode, upstreamCa, Optional.empty());
    }

    /** Resolved to {@code mode}, with the gateway that carries its credential (if any). */
    public ModelAccess resolved(Mode resolvedMode, Optional<ModelGateway> resolvedGateway) {
        return new ModelAccess(resolvedMode, upstreamCa, resolvedGateway);
    }
}
