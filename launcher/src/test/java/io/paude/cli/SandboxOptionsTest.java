package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.config.PaudeConfig.LimitSettings;
import io.paude.settings.Flags;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The picocli class only collects: every option of a sandbox reaches {@link Flags} as it was given, and nothing else does. */
class SandboxOptionsTest {
    private static SandboxOptions parse(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run.sandbox;
    }

    @Test
    void everyOptionReachesTheFlagsAsGiven() {
        SandboxOptions o = parse("--agent", "shell", "--claude-arg=-p", "--claude-arg", "x", "--workspace", "/tmp/ws/../ws",
                "--allow-domain", "a.example,b.example", "--allow-network", "--egress-network", "out", "--proxy-dns", "10.0.0.53",
                "--allow-private-destinations", "10.20.0.0/16", "--auth", "api-key", "--upstream-ca", "/ca.pem", "--cpus", "2",
                "--memory", "2g", "--pids-limit", "300", "--nofile", "2048", "--tmp-size", "256m", "--audit-max-size", "1m",
                "--audit-keep-sessions", "5", "--audit-max-age", "7", "--trust-project-config", "--allow-untrusted-plugins",
                "--git-backups-keep", "3", "--secret", "NPM_TOKEN", "--secret", "db=@/db.pass", "--allow-secrets",
                "--allow-tracked-secrets", "--runtime", "runsc", "--accept-unenforced-limits");
        assertThat(o.flags()).isEqualTo(new Flags("shell", List.of("-p", "x"), Path.of("/tmp/ws"), "api-key", Path.of("/ca.pem"),
                "runsc", new LimitSettings(2.0, "2g", 300L, 2048L, "256m"),
                new Flags.Network(true, List.of("a.example", "b.example"), "out", List.of("10.0.0.53"), List.of("10.20.0.0/16")),
                new Flags.Audit("1m", 5, 7),
                new Flags.Guards(true, true, true, List.of("NPM_TOKEN", "db=@/db.pass"), 3), true));
        assertThat(o.trustProjectConfig).as("used to read the files, before the resolution").isTrue();
    }

    @Test
    void noOptionGivesPicocliDefaultsAndNothingElse() {
        assertThat(parse().flags()).isEqualTo(new Flags("claude", List.of(), null, "auto", null, null, LimitSettings.NONE,
                new Flags.Network(false, List.of(), null, List.of(), List.of()), new Flags.Audit("64m", 50, 30),
                new Flags.Guards(false, false, false, List.of(), null), false));
        assertThat(parse().workspace()).isEqualTo(Path.of("").toAbsolutePath());
    }
}
