package io.paude.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which program the sandbox runs when no command is given. */
public enum AgentKind {
    /** Claude Code, the default agent. */
    CLAUDE(List.of("claude")),
    /** A bash shell in the same sandbox; needs no credentials. */
    SHELL(List.of("bash", "-l"));

    private final List<String> command;

    AgentKind(List<String> command) {
        this.command = command;
    }

    public List<String> command() {
        return command;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentKind parse(String value) {
        for (AgentKind k : values()) {
            if (k.id().equals(value)) {
                return k;
            }
        }
        throw new PolicyException("unknown agent '" + value + "'",
                "choose one of: " + Arrays.stream(values()).map(AgentKind::id).collect(Collectors.joining(", ")));
    }
}
