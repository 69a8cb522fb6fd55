package io.paude.steps.support;

import io.paude.steps.World;
import java.util.UUID;

/** The test internet's git forge as a scenario uses it: git in the agent trusting its CA, a branch name of its own. */
public final class Forge {
    /** Where the forge's CA is written in the workspace, for the agent's git to trust. */
    public static final String CA_FILE = ".test-git-ca.pem";
    /** A name no other scenario pushes, for branches this scenario pushes to the forge. */
    public final String branch = "agent-" + UUID.randomUUID().toString().substring(0, 8);
    private final World world;

    public Forge(World world) {
        this.world = world;
    }

    public GitServer server() {
        return world.internet().gitServer();
    }

    /** Writes the forge's CA into the workspace, so that the agent's git trusts it. */
    public void trustInWorkspace() {
        world.workspace.write(CA_FILE, server().caPem());
    }

    /** git in the agent, trusting the forge's CA, its output and exit code on the last line ("exit=N"). */
    public Cmd.Result agentGit(String shell) {
        return world.inAgent("export GIT_SSL_CAINFO=" + world.workspace.dir().resolve(CA_FILE) + "; ( " + shell
                + " ) 2>&1; echo exit=$?");
    }
}
