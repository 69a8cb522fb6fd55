package io.paude.gateway;

import io.paude.policy.PolicyException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model credential as the gateway adds it: an API key, a subscription token or an access token, and when it
 * expires (never for the first two). Only token characters: it becomes one word of squid's helper protocol and of an
 * HTTP header. {@link #toString} never shows the value.
 */
public record Credential(String value, Optional<Instant> expires) {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{8,8192}");

    public Credential {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new PolicyException("the model credential is not a token (it must be 8 or more letters, digits or ._~+/=- "
                    + "and nothing else)", "check the value you set: no quotes, spaces or line breaks");
        }
    }

    /** What the user may see of it: its first four characters. */
    public String masked() {
        return value.substring(0, 4) + "****";
    }

    @Override
    public String toString() {
        return "Credential[" + masked() + expires.map(e -> ", expires " + e).orElse("") + "]";
    }
}
