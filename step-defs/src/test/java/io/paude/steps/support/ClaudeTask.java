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
        List<String> a = new ArrayList<>(List.of("env",
                "ANTHROPIC_BASE_URL=" + baseUrl,
                "ANTHROPIC_API_KEY=" + API_KEY,
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
                "DISABLE_AUTOUPDATER=1",
                "DISABLE_TELEMETRY=1",
                "DISABLE_ERROR_REPORTING=1"));
        if (caFile != null) {
            a.add("NODE_EXTRA_CA_CERTS=" + caFile);
        }
        a.addAll(List.of("claude", "-p", prompt, "--dangerously-skip-permissions"));
        return a;
    }
}
