package io.paude.credentials;

import io.paude.Measure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The only host environment variables that reach the agent: what Claude Code needs to use Vertex AI (the switch,
 * project, regions, model choice). Everything else of the launcher's environment stays outside, in particular
 * {@code SSH_AUTH_SOCK}, {@code GH_TOKEN}, {@code GITHUB_TOKEN} and cloud keys. A variable is passed only when it is
 * set on the host. {@code GOOGLE_APPLICATION_CREDENTIALS} is deliberately absent: it names a host file the agent
 * cannot see; the read-only gcloud directory carries the application default credentials instead.
 */
public final class VertexEnv {
    /** Exact names, documented in docs/credentials.md. */
    public static final List<String> NAMES = List.of(
            "CLAUDE_CODE_USE_VERTEX",
            "CLAUDE_CODE_SKIP_VERTEX_AUTH",
            "ANTHROPIC_VERTEX_PROJECT_ID",
            "ANTHROPIC_VERTEX_BASE_URL",
            "CLOUD_ML_REGION",
            "GOOGLE_CLOUD_PROJECT",
            "GCLOUD_PROJECT",
            "CLOUDSDK_CORE_PROJECT",
            "ANTHROPIC_MODEL",
            "ANTHROPIC_SMALL_FAST_MODEL",
            "ANTHROPIC_DEFAULT_OPUS_MODEL",
            "ANTHROPIC_DEFAULT_SONNET_MODEL",
            "ANTHROPIC_DEFAULT_HAIKU_MODEL",
            "DISABLE_PROMPT_CACHING");

    /** Per-model region overrides ({@code VERTEX_REGION_CLAUDE_3_5_HAIKU=us-east5}): the one pattern allowed. */
    public static final Pattern REGION_OVERRIDE = Pattern.compile("VERTEX_REGION_[A-Z0-9_]+");

    /** What a widened allowlist (the mutation pass only) still leaves out: the host shell's own variables. */
    private static final java.util.Set<String> WIDENED_EXCEPT = java.util.Set.of("PATH", "HOME", "PWD", "OLDPWD", "SHLVL", "_",
            "TERM", "HOSTNAME", "USER", "LOGNAME", "SHELL", "TMPDIR", "LANG", "LD_LIBRARY_PATH", "LD_PRELOAD");

    private VertexEnv() {
    }

    /** The model choice: what reaches the agent when the gateway holds the credential (the gateway sets the rest). */
    public static final List<String> MODEL_CHOICE = List.of("ANTHROPIC_MODEL", "ANTHROPIC_SMALL_FAST_MODEL",
            "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL",
            "DISABLE_PROMPT_CACHING", "CLOUD_ML_REGION");

    /** The model choice of {@code hostEnv} and its per-model region overrides, for a session with a gateway. */
    public static Map<String, String> modelChoice(Map<String, String> hostEnv) {
        Map<String, String> out = new LinkedHashMap<>();
        select(hostEnv).forEach((k, v) -> {
            if (MODEL_CHOICE.contains(k) || REGION_OVERRIDE.matcher(k).matches()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The Vertex AI regions of {@code hostEnv}: CLOUD_ML_REGION, then each per-model override's. */
    public static List<String> regions(Map<String, String> hostEnv) {
        java.util.LinkedHashSet<String> r = new java.util.LinkedHashSet<>();
        String main = hostEnv.get("CLOUD_ML_REGION");
        if (main != null && !main.isBlank()) {
            r.add(main.strip());
        }
        new TreeMap<>(hostEnv).forEach((k, v) -> {
            if (REGION_OVERRIDE.matcher(k).matches() && !v.isBlank()) {
                r.add(v.strip());
            }
        });
        return List.copyOf(r);
    }

    /** The allowlisted subset of {@code hostEnv}, in a stable order. */
    public static Map<String, String> select(Map<String, String> hostEnv) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!hostEnv.isEmpty() && !Measure.ENVIRONMENT_ALLOWLIST.enforced()) {
            new TreeMap<>(hostEnv).forEach((k, v) -> { // widened: all but what describes the host's own shell
                if (k.matches("[A-Za-z_][A-Za-z0-9_]*") && !WIDENED_EXCEPT.contains(k) && !k.startsWith("LC_")) {
                    out.put(k, v);
                }
            });
            return out;
        }
        for (String name : NAMES) {
            String v = hostEnv.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        new TreeMap<>(hostEnv).forEach((k, v) -> {
            if (REGION_OVERRIDE.matcher(k).matches()) {
                out.put(k, v);
            }
        });
        return out;
    }
}
