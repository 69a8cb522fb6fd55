package io.paude.steps.support;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine must report of the audit recorder in an agent container, written down here independently of the
 * launcher's constants (a change there has to be matched here on purpose).
 */
public final class RecorderEvidence {
    /** SETUID, SETGID and SETPCAP to drop to the agent's user with an empty bounding set; SYS_PTRACE to read its execs. */
    public static final String[] CAPABILITIES = {"SETUID", "SETGID", "SETPCAP", "SYS_PTRACE"};
    public static final String BINARY = "/usr/local/bin/paude-recorder";

    private RecorderEvidence() {
    }

    /** All capabilities dropped and exactly the recorder's added back (Podman: the sets of the first process). */
    public static void assertOnlyRecorderCapabilities(String container) {
        if (Engine.NAME.equals("podman")) {
            // podman reports the resulting sets of the container's first process (the recorder) rather than the request
            for (String set : Engine.inspect(container, "{{.EffectiveCaps}}|{{.BoundingCaps}}").split("\\|")) {
                assertThat(set.replaceAll("[\\[\\]]", "").replace("CAP_", "").split(" ")).containsExactlyInAnyOrder(CAPABILITIES);
            }
            return;
        }
        assertThat(Engine.inspect(container, "{{.HostConfig.CapDrop}}")).containsIgnoringCase("all");
        String added = Engine.inspect(container, "{{json .HostConfig.CapAdd}}").replace("CAP_", "");
        assertThat(added.replaceAll("[\\[\\]\"]", "").split(",")).containsExactlyInAnyOrder(CAPABILITIES);
    }

    /**
     * The container's command is the recorder, running the agent's program as {@code uid:uid}. Under gVisor (the
     * gVisor pass, {@link Engine#RUNTIME}) a shell first checks that the seccomp profile is in force, and the recorder
     * follows by ptrace, loading paude's profile into what it starts (docs/gvisor.md).
     */
    public static void assertCommandRunsAgentAs(String container, int uid) {
        String ids = "\"--uid\",\"" + uid + "\",\"--gid\",\"" + uid + "\",";
        String cmd = Engine.inspect(container, "{{json .Config.Cmd}}");
        if (Engine.RUNTIME.equals("runsc")) {
            assertThat(cmd).startsWith("[\"/bin/sh\",\"-c\",").contains("\"paude-seccomp-check\",\"" + BINARY
                    + "\",\"--ptrace\",\"--seccomp-rules\",\"/etc/paude/seccomp.rules\"," + ids);
            return;
        }
        assertThat(cmd).startsWith("[\"" + BINARY + "\"," + ids);
    }
}
