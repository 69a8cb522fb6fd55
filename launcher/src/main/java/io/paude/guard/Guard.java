package io.paude.guard;

import io.paude.policy.SandboxPolicy;

/**
 * One family of guarantees that acts around a session (credentials, secrets, plugins, git history, ...). Each
 * family lives in its own package and is registered once, in the CLI's wiring ({@code cli/Services.guards}). A guard may add mounts or environment
 * to the policy, warn, or refuse the start with a {@link io.paude.policy.PolicyException} that names the problem
 * and the override.
 */
public interface Guard {
    /** Runs before anything is created; returns the policy to use (the same one when nothing changes). */
    default SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        return policy;
    }

    /**
     * Runs once the agent's processes have ended, while the engine removes the sandbox: for checks that read only
     * the workspace and the session directory (git refs, new secret files). After {@code paude stop}, after removal.
     */
    default void afterAgent(GuardContext ctx) {
    }

    /** Runs after the sandbox was removed (its proxy's log is complete), or when a session is stopped. */
    default void afterEnd(GuardContext ctx) {
    }
}
