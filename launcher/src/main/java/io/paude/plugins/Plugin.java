package io.paude.plugins;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One extension of the agent found in its configuration: something that adds code or instructions the agent runs.
 *
 * @param name     stable name used by the trusted list, for example {@code command:review} or
 *                 {@code hook:settings/PreToolUse/1}
 * @param kind     command, agent, skill, hook, statusline, mcp, plugin, marketplace
 * @param scope    {@code user} (the agent's configuration) or {@code project} (the workspace's {@code .claude/})
 * @param source   the file or directory it came from
 * @param digest   {@code sha256:HEX} over its content (and, for hooks, the files their command refers to)
 * @param findings evidence of each capability found by static scanning
 */
public record Plugin(String name, String kind, String scope, String source, String digest, List<Finding> findings) {
    public Plugin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        findings = List.copyOf(findings);
    }

    public Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        findings.forEach(f -> caps.add(f.capability()));
        return caps;
    }

    public String capabilityLabels() {
        Set<Capability> caps = capabilities();
        return caps.isEmpty() ? "none found" : String.join(", ", caps.stream().map(Capability::label).toList());
    }
}
