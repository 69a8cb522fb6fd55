package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.policy.AgentKind;
import io.paude.policy.Allowlist;
import io.paude.policy.Limits;
import io.paude.policy.NetworkMode;
import io.paude.policy.SandboxPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarningsTest {
    private static String warnings(Allowlist allowlist, NetworkMode mode) {
        StringWriter sink = new StringWriter();
        PrintWriter err = new PrintWriter(sink);
        Warnings.beforeStart(new SandboxPolicy(AgentKind.SHELL, Path.of("/work"), allowlist, mode, new Limits(1, 1024, 256, 1024, 64),
                List.of(), Map.of(), List.of()), err);
        err.flush();
        return sink.toString();
    }

    @Test
    void suffixEntriesGetOneWarningLineNamingThemAndWhy() {
        String w = warnings(Allowlist.of(List.of(".google.com", ".example.org", "www.example.net")), NetworkMode.FILTERED);
        assertThat(w.lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("paude: warning: the allowlist entries .example.org .google.com allow every name below them")
                .contains("endpoints anyone can create").contains("storage buckets, Apps Script web apps, Forms under Google's domains")
                .contains("prefer exact hosts").doesNotContain("www.example.net"));
    }

    @Test
    void oneSuffixEntryIsNamedInTheSingular() {
        assertThat(warnings(Allowlist.of(List.of(".google.com")), NetworkMode.FILTERED))
                .startsWith("paude: warning: the allowlist entry .google.com allows every name below it,");
    }

    @Test
    void exactHostsAndTheEmptyDefaultGiveNoWarning() {
        assertThat(warnings(Allowlist.defaults(), NetworkMode.FILTERED)).isEmpty();
        assertThat(warnings(Allowlist.of(List.of("storage.googleapis.com", "npm")), NetworkMode.FILTERED)).isEmpty();
    }

    @Test
    void researchModeWarnsAboutTheOpenNetworkOnly() {
        assertThat(warnings(Allowlist.of(List.of(".google.com")), NetworkMode.OPEN))
                .contains("--allow-network").doesNotContain("allowlist entry");
    }
}
