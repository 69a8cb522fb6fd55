package io.paude.plan;

import io.paude.Version;
import java.util.Map;

/** The image tags a session uses: {@code paude-agent:VERSION} and {@code paude-proxy:VERSION}, overridable by environment. */
public record ImageRefs(String agent, String proxy) {
    public static ImageRefs from(Map<String, String> env) {
        return new ImageRefs(
                env.getOrDefault("PAUDE_AGENT_IMAGE", "paude-agent:" + Version.get()),
                env.getOrDefault("PAUDE_PROXY_IMAGE", "paude-proxy:" + Version.get()));
    }
}
