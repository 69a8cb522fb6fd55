package io.paude.steps.support;

import io.paude.steps.World;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code paude start} on the scenario's workspace that may be refused (the step then checks why), where
 * {@code World.startSandbox} fails at once: egress through the test internet, then {@code flags}. A start that
 * succeeds becomes the current session; what existed before it is kept to prove a refusal created nothing. Also the
 * command lines of the steps that start paude their own way (a terminal, a doctor, a workspace of their own).
 */
public final class SandboxStart {
    private SandboxStart() {
    }

    public static Cmd.Result attempt(World world, List<String> flags) {
        world.containersBefore = world.paudeContainers();
        Cmd.Result r = world.runPaude(args(world, List.of("start", "--agent", "shell"), world.workspace.dir(), flags.toArray(String[]::new)));
        if (r.exit() == 0) {
            world.session = r.out().strip();
            world.sessions.add(world.session);
        }
        return r;
    }

    /** The scenario's egress: the test internet's network, its private subnet allowed as a destination. */
    public static List<String> egress(World world) {
        return List.of("--egress-network", world.internet().networkName(), "--allow-private-destinations", world.internet().subnet());
    }

    /** {@code command --workspace WORKSPACE}, the scenario's {@link #egress}, then {@code more}: a list the caller may extend. */
    public static List<String> args(World world, List<String> command, Path workspace, String... more) {
        List<String> a = new ArrayList<>(command);
        a.addAll(List.of("--workspace", workspace.toString()));
        a.addAll(egress(world));
        a.addAll(List.of(more));
        return a;
    }
}
