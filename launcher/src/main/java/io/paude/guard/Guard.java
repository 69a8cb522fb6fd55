package io.paude.guard;

import io.paude.policy.SandboxPolicy;

/**
 * One family of guarantees that acts around a session (credentials, secrets, plugins, git history, ...). Each
 * family lives in its own package and is registered once in {@link Guards}. A guard may add mounts or environment
 * to the policy, warn, or refuse the start with a {@link io.paude.policy.PolicyException} that names the problem
 * and the override.
 */
public interface Guard {
    /** Runs before anything is created; returns the policy to use (the same one when nothing changes). */
    default SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        return policy;
    }

    /** Runs after the agent exited and the sandbox was removed (or when a session is stopped). */
    default void afterEnd(GuardContext ctx) {
    }
}
