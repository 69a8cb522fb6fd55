package io.paude.steps.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.steps.World;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks of tasks 1 to 3 that what the user has on the host does not reach the agent: by its environment (the
 * agent's own, PID 1's and the engine's record), by a mount, or writable.
 */
public final class CredentialChecks {
    private final World world;
    /** Launcher environment variables a scenario set and the agent must not see. */
    private final Map<String, String> secrets = new LinkedHashMap<>();

    public CredentialChecks(World world) {
        this.world = world;
    }

    /**
     * The agent has no {@code dir}: {@code ls DIR} says so, while {@code control}, run after it in the same shell,
     * succeeds (the positive control that the shell ran and the home is there).
     */
    public void assertAgentHasNo(String ls, String control) {
        Cmd.Result r = world.inAgent(ls + " 2>&1; " + control + " && echo control-ok");
        assertThat(r.out()).as("%s", r).contains("No such file or directory").contains("control-ok");
    }

    /** Sets {@code name} in the launcher's environment, as a secret the agent must not see. */
    public void secret(String name, String value) {
        secrets.put(name, value);
        world.paude.env(name, value);
    }

    /** None of the secrets set is in the agent's environment, by /proc/self/environ, /proc/1/environ and the engine's record. */
    public void assertAgentEnvLacksSecrets() {
        assertThat(secrets).isNotEmpty();
        Cmd.Result self = world.inAgent("cat /proc/self/environ");
        String init = world.initEnviron();
        assertThat(self.exit()).isZero();
        // positive control: these are real environments, with what paude does pass
        assertThat(env(self.out())).containsKey("PAUDE_SESSION");
        assertThat(env(init)).containsKey("PAUDE_SESSION");
        String recorded = String.join("\n", world.agentEvidence().env());
        assertThat(recorded).contains("PAUDE_SESSION=");
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            for (String evidence : List.of(self.out(), init, recorded)) {
                assertThat(evidence).doesNotContain(e.getKey() + "=").doesNotContain(e.getValue());
            }
        }
    }

    /** The engine reports no mount from {@code hostDir}, nor from any ~/.ssh or ~/.config/gh. */
    public void assertNoMountFrom(Path hostDir) {
        List<String> sources = world.agentEvidence().mountSources(false);
        assertThat(sources).isNotEmpty().noneMatch(s -> s.contains(hostDir.toString()))
                .noneMatch(s -> s.endsWith("/.ssh") || s.contains("/.config/gh"));
    }

    /** The engine reports {@code source} bound read-only at {@code target}, and the agent's kernel mounted it so. */
    public void assertReadOnlyMount(String source, String target) {
        assertThat(world.agentEvidence().mounts()).contains(new ContainerEvidence.Mount("bind", source, target, false));
        Cmd.Result kernel = world.inAgent("grep ' " + target + " ' /proc/self/mountinfo");
        assertThat(kernel.out()).containsPattern(" " + target + " ro[, ]");
        assertThat(world.inAgent("test -d " + target + " && echo directory").out()).contains("directory");
    }

    /** {@code shell} fails in the agent, saying {@code reason}. */
    public void assertFailsWith(String shell, String reason) {
        // a subshell, so that a failing redirection's message is captured too
        Cmd.Result r = world.inAgent("( " + shell + " ) 2>&1; echo exit=$?");
        assertThat(r.out()).contains(reason).doesNotContain("exit=0");
    }

    /** The variables of a /proc/PID/environ. */
    public static Map<String, String> env(String procEnviron) {
        Map<String, String> m = new TreeMap<>();
        for (String entry : procEnviron.split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                m.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return m;
    }
}
