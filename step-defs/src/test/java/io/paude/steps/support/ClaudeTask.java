package io.paude.steps.support;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a non-interactive Claude Code run against the scripted model: the real {@code claude} of the
 * agent image, told where the model is and kept from any other traffic, with the permission mode of an autonomous
 * sandboxed run ({@code --dangerously-skip-permissions}: the sandbox, not a prompt, is the boundary).
 */
public final class ClaudeTask {
    /** Claude Code refuses to start without a key; the fixture accepts any, and no real key exists in the suite. */
    public static final String API_KEY = "sk-ant-placeholder-not-a-key";

    private ClaudeTask() {
    }

    /**
     * {@code env ... claude -p prompt --dangerously-skip-permissions}, the model at {@code baseUrl}; with
     * {@code caFile} (a path inside the sandbox) Node trusts that CA besides its own.
     */
    public static List<String> command(String prompt, String baseUrl, String caFile) {
        return claude(prompt, caFile, "ANTHROPIC_BASE_URL=" + baseUrl, "ANTHROPIC_API_KEY=" + API_KEY);
    }

    /**
     * The same run with the model on Vertex AI ({@code REGION-aiplatform.googleapis.com}, Claude Code's default
     * endpoint for the region): Google's sign-in is skipped, as behind a gateway, since the suite has no account.
     */
    public static List<String> vertexCommand(String prompt, String project, String region, String caFile) {
        return claude(prompt, caFile, "CLAUDE_CODE_USE_VERTEX=1", "ANTHROPIC_VERTEX_PROJECT_ID=" + project,
                "CLOUD_ML_REGION=" + region, "CLAUDE_CODE_SKIP_VERTEX_AUTH=1");
    }

    private static List<String> claude(String prompt, String caFile, String... model) {
        List<String> a = new ArrayList<>(List.of("env"));
        a.addAll(List.of(model));
        a.addAll(List.of("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", "DISABLE_AUTOUPDATER=1", "DISABLE_TELEMETRY=1",
                "DISABLE_ERROR_REPORTING=1"));
        if (caFile != null) {
            a.add("NODE_EXTRA_CA_CERTS=" + caFile);
        }
        a.addAll(List.of("claude", "-p", prompt, "--dangerously-skip-permissions"));
        return a;
    }
}
