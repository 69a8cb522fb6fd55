package io.paude;

import java.util.EnumMap;
import java.util.Map;

/**
 * The hardening measures on the host side of the sandbox that are not visible at the engine seam, each by name, so
 * that the mutation pass can prove the suite notices when one is missing. A measure is always enforced in
 * {@code paude}: no option, environment variable or configuration key can switch one off. Only Java code in the same
 * process can, and only the mutation pass's launcher ({@code WeakenedMain} in the test classes) does, through
 * {@link #weakenForMutationPass}.
 */
public enum Measure {
    /** Host-side git runs under paude's configuration, never the workspace's (githistory/HostGit). */
    HOST_GIT_QUARANTINE,
    /** A workspace that is or holds $HOME, paude's state, the agent's config or the engine's storage is refused. */
    WORKSPACE_HOLDS_NO_HOST_STATE,
    /** The default allowlist is empty, not the wide Google list that admits anonymous uploads (policy/Allowlist.defaults). */
    NARROW_DEFAULT_ALLOWLIST,
    /** Text from the workspace or the agent has its control characters escaped before it is printed (SafeText). */
    TERMINAL_ESCAPES,
    /** The secrets scanner runs with paude's configuration only, never the workspace's .gitleaks.toml or ignore file. */
    SCANNER_CONFIG_OWN,
    /** Workspace agent settings that run programs or change the agent's environment need the user's approval. */
    SETTINGS_TRUST_GATE,
    /** A session starts only with the plugins (hooks, commands, MCP servers, ...) the user approved (plugins/PluginGuard). */
    PLUGIN_TRUST_GATE,
    /** Only the allowlisted (Vertex) variables of the launcher's environment reach the agent (credentials/VertexEnv). */
    ENVIRONMENT_ALLOWLIST,
    /** A masked secret file that git tracks refuses the start (secrets/SecretsGuard). */
    TRACKED_SECRETS_REFUSED,
    /** The pre-flight secrets scan runs before each start (secrets/SecretsGuard). */
    SECRETS_SCAN,
    /** A masked file replaced on the host is detected by its inode (secrets/MaskCheck). */
    MASK_REPLACED_CHECK,
    /** Secret-looking files created during a session are named at its end (secrets/SecretsGuard.afterAgent). */
    LATE_SECRETS_CHECK,
    /** A start in a repository whose .gitignore lacks the common secret patterns warns (secrets/SecretsGuard). */
    GITIGNORE_CHECK,
    /** A backup of the workspace's git history is taken on the host before each session (githistory/GitHistoryGuard). */
    GIT_BACKUP,
    /** Hooks and executable git configuration changed during a session are reported at its end (githistory/GitHistoryGuard). */
    GIT_CHANGES_REPORTED,
    /** A project paude.json is honoured only at the content the user approved (config/ConfigLoader). */
    PROJECT_CONFIG_APPROVAL,
    /** A workspace without git or without a remote is warned about before the start (credentials/WorkspaceGit). */
    WORKSPACE_RECOVERY_WARNINGS,
    /** Every exit path of a session removes its containers and network (session/Teardown.remove). */
    SESSION_TEARDOWN,

    /** The model credential stays on the host and in the proxy's gateway, never in the agent (credentials/CredentialsGuard). */
    MODEL_CREDENTIALS_OUTSIDE;

    private static final Map<Measure, Runnable> WEAKENED = new EnumMap<>(Measure.class);

    /**
     * Whether this measure is in force: always, except in the mutation pass's launcher. Asked at the one point where
     * the measure decides, so a weakened measure that was asked really changed what paude did.
     */
    public boolean enforced() {
        Runnable applied;
        synchronized (WEAKENED) {
            applied = WEAKENED.get(this);
        }
        if (applied == null) {
            return true;
        }
        applied.run();
        return false;
    }

    /**
     * Switches one measure off in this process, for the mutation pass's launcher only (WeakenedMain); {@code applied}
     * runs each time the weakened measure would have acted.
     */
    public static void weakenForMutationPass(Measure measure, Runnable applied) {
        synchronized (WEAKENED) {
            WEAKENED.put(measure, applied);
        }
    }
}
