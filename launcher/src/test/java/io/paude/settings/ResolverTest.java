package io.paude.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paude.config.ConfigFiles;
import io.paude.config.PaudeConfig;
import io.paude.config.PaudeConfig.LimitSettings;
import io.paude.policy.AgentRuntime;
import io.paude.policy.Limits;
import io.paude.policy.NetworkMode;
import io.paude.policy.PolicyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of precedence, each against its opposite: a flag over the project's file over the user's over the host's
 * defaults, and the exceptions that protect the user from an agent that wrote the project's file.
 */
class ResolverTest {
    /** 8 cores, 16 GiB, Linux's default pid_max: the defaults are 4 cpus, 4096m, 512 pids, 4096 files, 1024m tmpfs. */
    private static final Host HOST = new Host(8, 16384, 32768);
    private static final String NONE = "{}";

    @TempDir
    Path ws;

    /** The flags as picocli leaves them when none is given; a test sets what it needs. */
    private final class Given {
        String agent = "claude";
        String runtime;
        LimitSettings limits = LimitSettings.NONE;
        boolean open;
        List<String> allowDomains = List.of();
        List<String> proxyDns = List.of();
        List<String> privateDestinations = List.of();
        String auditMaxSize = "64m";
        Flags.Guards guards = new Flags.Guards(false, false, false, List.of(), null);
        boolean accept;
        String user = NONE;
        String project = NONE;
        Map<String, String> env = Map.of();

        Resolver resolver() {
            Flags flags = new Flags(agent, List.of(), ws, "auto", null, runtime, limits,
                    new Flags.Network(open, allowDomains, "egress", proxyDns, privateDestinations),
                    new Flags.Audit(auditMaxSize, 50, 30), guards, accept);
            return new Resolver(flags, new ConfigFiles(file(user), file(project)), env, HOST);
        }
    }

    /** A configuration file's content, read as ConfigLoader reads one. */
    private static PaudeConfig file(String json) {
        try {
            return new ObjectMapper().readValue(json, PaudeConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void eachLimitIsTheFlagsElseTheProjectsElseTheUsersElseTheHosts() {
        Given g = new Given();
        assertThat(g.resolver().limits(AgentRuntime.DEFAULT)).isEqualTo(new Limits(4, 4096, 512, 4096, 1024));

        g.user = "{\"limits\": {\"cpus\": 1.5, \"memory\": \"1g\", \"pids\": 300, \"nofile\": 2000, \"tmpSize\": \"256m\"}}";
        g.project = "{\"limits\": {\"memory\": \"2g\", \"pids\": 400}}";
        g.limits = new LimitSettings(null, null, 500L, null, null);
        assertThat(g.resolver().limits(AgentRuntime.DEFAULT)).as("cpus, nofile, tmpfs: the user's; memory: the project's; pids: the flag's")
                .isEqualTo(new Limits(1.5, 2048, 500, 2000, 256));
    }

    @Test
    void aSizeThatIsNoneNamesTheFlagOrTheKeyItCameFrom() {
        Given g = new Given();
        g.limits = new LimitSettings(null, "lots", null, null, null);
        assertThatThrownBy(() -> g.resolver().policy(List.of())).isInstanceOf(PolicyException.class)
                .hasMessage("--memory 'lots' is not a size");
        g.limits = LimitSettings.NONE;
        g.project = "{\"limits\": {\"memory\": \"lots\"}}";
        assertThatThrownBy(() -> g.resolver().policy(List.of())).hasMessage("memory 'lots' is not a size");
        g.project = NONE;
        g.user = "{\"limits\": {\"tmpSize\": \"big\"}}";
        assertThatThrownBy(() -> g.resolver().policy(List.of())).hasMessage("tmpSize 'big' is not a size");
    }

    @Test
    void theAllowlistsOfTheFilesAndTheFlagsAddUp() {
        Given g = new Given();
        g.user = "{\"allowDomains\": [\"a.example\"]}";
        g.project = "{\"allowDomains\": [\"b.example\"]}";
        g.allowDomains = List.of("c.example");
        assertThat(g.resolver().allowlist().asStrings()).containsExactlyInAnyOrder("a.example", "b.example", "c.example");
        assertThat(g.resolver().policy(List.of()).allowlist().asStrings()).hasSize(3);
    }

    @Test
    void researchModeContradictsTheFlagsThatShapeTheProxyButNotTheFilesAllowlists() {
        Given g = new Given();
        g.open = true;
        g.project = "{\"allowDomains\": [\"b.example\"]}";
        assertThat(g.resolver().policy(List.of()).network()).as("control: a file's allowlist is no contradiction")
                .isEqualTo(NetworkMode.OPEN);
        g.allowDomains = List.of("c.example");
        assertThatThrownBy(() -> g.resolver().policy(List.of())).hasMessage("--allow-network and --allow-domain contradict each other");
        g.allowDomains = List.of();
        g.privateDestinations = List.of("10.20.0.0/16");
        assertThatThrownBy(() -> g.resolver().policy(List.of()))
                .hasMessage("--allow-network and --allow-private-destinations contradict each other");
        g.privateDestinations = List.of();
        g.proxyDns = List.of("10.0.0.53");
        assertThatThrownBy(() -> g.resolver().policy(List.of())).hasMessage("--allow-network and --proxy-dns contradict each other");
    }

    @Test
    void gVisorAskedForByEitherFileStaysAndOnlyTheFlagTakesItAway() {
        Given g = new Given();
        assertThat(g.resolver().runtime()).isEqualTo(AgentRuntime.DEFAULT);
        g.user = "{\"runtime\": \"runsc\"}";
        g.project = "{\"runtime\": \"default\"}";
        assertThat(g.resolver().runtime()).as("a project's file cannot take the user's gVisor away").isEqualTo(AgentRuntime.GVISOR);
        g.user = "{\"runtime\": \"default\"}";
        g.project = "{\"runtime\": \"runsc\"}";
        assertThat(g.resolver().runtime()).as("a project's file can ask for the stronger wall").isEqualTo(AgentRuntime.GVISOR);
        g.runtime = "default";
        assertThat(g.resolver().runtime()).as("--runtime wins over both files").isEqualTo(AgentRuntime.DEFAULT);
        g.user = NONE;
        g.project = "{\"runtime\": \"default\"}";
        g.runtime = null;
        assertThat(g.resolver().runtime()).isEqualTo(AgentRuntime.DEFAULT);
    }

    @Test
    void underGvisorThePidsDefaultIsSmallerAndALimitTooLargeForTheHostIsRefused() {
        Given g = new Given();
        g.runtime = "runsc";
        assertThat(g.resolver().policy(List.of()).limits().pids()).isEqualTo(AgentRuntime.GVISOR_DEFAULT_PIDS);
        g.limits = new LimitSettings(null, null, 512L, null, null);
        assertThatThrownBy(() -> g.resolver().policy(List.of())).hasMessageStartingWith("--pids-limit 512 under gVisor");
        g.runtime = null;
        assertThat(g.resolver().policy(List.of()).limits().pids()).as("control: the same limit on the default runtime").isEqualTo(512);
    }

    @Test
    void theEngineOfTheProjectsFileWinsOverTheUsers() {
        Given g = new Given();
        assertThat(g.resolver().engine()).isNull();
        g.user = "{\"engine\": \"podman\"}";
        assertThat(g.resolver().engine()).isEqualTo("podman");
        g.project = "{\"engine\": \"docker\"}";
        assertThat(g.resolver().engine()).isEqualTo("docker");
    }

    @Test
    void gitBackupsKeptComeFromTheFlagTheVariableOrTheUsersFileNeverTheProjects() {
        Given g = new Given();
        assertThat(g.resolver().guards().gitBackupsKeep()).isEqualTo(GuardOptions.DEFAULT_GIT_BACKUPS_KEEP);
        g.project = "{\"gitBackups\": {\"keep\": 1}}";
        assertThat(g.resolver().guards().gitBackupsKeep()).as("the project's file could prune the backups that protect it")
                .isEqualTo(GuardOptions.DEFAULT_GIT_BACKUPS_KEEP);
        g.user = "{\"gitBackups\": {\"keep\": 3}}";
        assertThat(g.resolver().guards().gitBackupsKeep()).isEqualTo(3);
        g.env = Map.of(Resolver.KEEP_ENV, " ");
        assertThat(g.resolver().guards().gitBackupsKeep()).as("a blank variable is not set").isEqualTo(3);
        g.env = Map.of(Resolver.KEEP_ENV, "5");
        assertThat(g.resolver().guards().gitBackupsKeep()).isEqualTo(5);
        g.guards = new Flags.Guards(false, false, false, List.of(), 7);
        assertThat(g.resolver().guards().gitBackupsKeep()).isEqualTo(7);
        g.guards = new Flags.Guards(false, false, false, List.of(), 0);
        assertThatThrownBy(() -> g.resolver().guards()).isInstanceOf(PolicyException.class)
                .hasMessage("the number of git backups to keep must be at least 1, got '0'");
        g.guards = new Flags.Guards(false, false, false, List.of(), null);
        g.env = Map.of(Resolver.KEEP_ENV, "many");
        assertThatThrownBy(() -> g.resolver().guards()).hasMessage("the number of git backups to keep must be at least 1, got 'many'");
    }

    @Test
    void theSecretPatternsOfBothFilesAddUp() {
        Given g = new Given();
        g.user = "{\"secrets\": {\"mask\": [\"u.key\"], \"allow\": [\"test/**\"]}}";
        g.project = "{\"secrets\": {\"mask\": [\"config/prod.yml\"]}}";
        GuardOptions o = g.resolver().guards();
        assertThat(o.secretFiles().mask()).containsExactly("u.key", "config/prod.yml");
        assertThat(o.secretFiles().allow()).containsExactly("test/**");
    }

    @Test
    void theGuardsOverridesAndSecretsAreTheFlagsAsGiven() {
        Given g = new Given();
        assertThat(g.resolver().settings(List.of()).guards()).isEqualTo(GuardOptions.NONE);
        g.guards = new Flags.Guards(true, true, true, List.of("NPM_TOKEN", "db=@/etc/db.pass"), null);
        g.accept = true;
        Settings s = g.resolver().settings(List.of());
        assertThat(s.guards()).isEqualTo(new GuardOptions(true, true, true,
                List.of(new SecretRef("NPM_TOKEN", "NPM_TOKEN", null), new SecretRef("db", null, Path.of("/etc/db.pass"))),
                GuardOptions.DEFAULT_GIT_BACKUPS_KEEP, PaudeConfig.SecretSettings.NONE));
        assertThat(s.acceptUnenforcedLimits()).isTrue();
        g.guards = new Flags.Guards(false, false, false, List.of("A", "A=B"), null);
        assertThatThrownBy(() -> g.resolver().settings(List.of())).hasMessage("--secret A is given twice");
    }

    @Test
    void theSessionsOptionsBesideThePolicyAreTheFlags() {
        Given g = new Given();
        g.proxyDns = List.of("10.0.0.53");
        g.privateDestinations = List.of("10.20.0.0/16");
        g.user = "{\"runtime\": \"runsc\"}";
        Settings s = g.resolver().settings(List.of());
        assertThat(s.egressNetwork()).isEqualTo("egress");
        assertThat(s.proxyDns().servers()).containsExactly("10.0.0.53");
        assertThat(s.privateDestinations().isEmpty()).isFalse();
        assertThat(s.audit().maxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(s.runtime()).isEqualTo(AgentRuntime.GVISOR);
        assertThat(s.policy().workspace()).isEqualTo(ws);
        g.auditMaxSize = "huge";
        assertThatThrownBy(() -> g.resolver().settings(List.of())).hasMessage("--audit-max-size 'huge' is not a size");
    }

    @Test
    void thePolicysProblemIsNamedFirst() {
        Given g = new Given();
        g.agent = "robot";
        g.proxyDns = List.of("not-an-ip");
        assertThatThrownBy(() -> g.resolver().settings(List.of())).hasMessageContaining("unknown agent 'robot'");
    }
}
