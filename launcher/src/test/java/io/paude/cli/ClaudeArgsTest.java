package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.config.ConfigFiles;
import io.paude.plan.Planner;
import io.paude.plan.SessionContext;
import io.paude.plan.Subnet;
import io.paude.policy.AuditSettings;
import io.paude.policy.PolicyException;
import io.paude.runtime.Argv;
import io.paude.runtime.EngineKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run --claude-arg}: the words reach Claude Code's argv in the agent container, in order, nothing else changes. */
class ClaudeArgsTest {
    @TempDir
    Path ws;

    private RunCommand parse(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    private List<String> engineArgv(RunCommand run) {
        var policy = run.sandbox.resolver(ConfigFiles.NONE).policy(run.command);
        var ctx = new SessionContext("paude-test", new Subnet(7, 0), "agent:1", "proxy:1", "bridge", Path.of("/s/proxy"),
                Path.of("/s/log"), Path.of("/s/agent"), 1000, 1000, true, true, false, Path.of("/s/audit-raw"),
                new AuditSettings(64L * 1024 * 1024, 50, 30));
        return Argv.container(EngineKind.DOCKER, Planner.plan(policy, ctx).agent());
    }

    @Test
    void theArgumentsFollowClaudeAtTheEndOfTheAgentContainersCommand() {
        RunCommand run = parse("--workspace", ws.toString(), "--claude-arg=--permission-mode", "--claude-arg", "acceptEdits",
                "--claude-arg=--append-system-prompt", "--claude-arg=be brief; $(no shell)");
        List<String> argv = engineArgv(run);
        assertThat(argv.subList(argv.size() - 5, argv.size()))
                .containsExactly("claude", "--permission-mode", "acceptEdits", "--append-system-prompt", "be brief; $(no shell)");
        assertThat(run.command).as("still interactive: no command after --").isEmpty();
    }

    @Test
    void withoutThemClaudeRunsAsBefore() {
        List<String> argv = engineArgv(parse("--workspace", ws.toString()));
        assertThat(argv.get(argv.size() - 1)).isEqualTo("claude");
        assertThat(argv.get(argv.size() - 2)).isEqualTo("paude-agent");
    }

    @Test
    void theyAreRefusedWithTheShellOrACommand() {
        assertThatThrownBy(() -> engineArgv(parse("--workspace", ws.toString(), "--agent", "shell", "--claude-arg=-p")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("--agent is shell");
        assertThatThrownBy(() -> engineArgv(parse("--workspace", ws.toString(), "--claude-arg=-p", "--", "claude", "-p")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("contradict");
    }
}
