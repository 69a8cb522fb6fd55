package io.paude.steps.support;

import io.paude.steps.World;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code paude start} on the scenario's workspace that may be refused (the step then checks why), where
 * {@code World.startSandbox} fails at once: egress through the test internet, then {@code flags}. A start that
 * succeeds becomes the current session; what existed before it is kept to prove a refusal created nothing.
 */
public final class SandboxStart {
    private SandboxStart() {
    }

    public static Cmd.Result attempt(World world, List<String> flags) {
        world.containersBefore = world.paudeContainers();
        List<String> args = new ArrayList<>(List.of("start", "--agent", "shell", "--workspace", world.workspace.dir().toString(),
                "--egress-network", world.internet().networkName(), "--allow-private-destinations", world.internet().subnet()));
        args.addAll(flags);
        Cmd.Result r = world.runPaude(args);
        if (r.exit() == 0) {
            world.session = r.out().strip();
            world.sessions.add(world.session);
        }
        return r;
    }
}
