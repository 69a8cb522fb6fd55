package io.paude.plan;

/** Labels that mark every container, network and volume paude creates, so a session can always be found and removed. */
public final class Labels {
    public static final String SESSION = "paude.session";
    public static final String ROLE = "paude.role";
    public static final String WORKSPACE = "paude.workspace";
    public static final String MODE = "paude.mode";
    public static final String LAUNCHER_PID = "paude.launcher-pid";
    /** On the agent of a session with a model gateway: its provider (api-key, oauth-token, vertex); never a credential. */
    public static final String MODEL_GATEWAY = "paude.model-gateway";
    /** "uid:gid" of the agent: {@code paude exec} drops to it under the audit recorder. */
    public static final String AGENT_USER = "paude.agent-user";
    /** The audit cap per recorded stream, in bytes, for the recorders {@code paude exec} starts. */
    public static final String AUDIT_MAX = "paude.audit-max-bytes";
    /** The agent's OCI runtime ({@code default} or {@code runsc}): {@code paude exec} records under gVisor by ptrace. */
    public static final String RUNTIME = "paude.runtime";

    private Labels() {
    }
}
