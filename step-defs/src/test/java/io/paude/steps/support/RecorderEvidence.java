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
    public static void assertOnlyRecorderCapabilities(ContainerEvidence container) {
        ContainerEvidence.Caps caps = container.caps();
        if (Engine.NAME.equals("podman")) {
            // podman reports the resulting sets of the container's first process (the recorder) rather than the request
            assertThat(caps.effective()).as("effective set of %s", container.name()).containsExactlyInAnyOrder(CAPABILITIES);
            assertThat(caps.bounding()).as("bounding set of %s", container.name()).containsExactlyInAnyOrder(CAPABILITIES);
            return;
        }
        assertThat(String.join(" ", caps.drop())).containsIgnoringCase("all");
        assertThat(caps.add()).as("capabilities added to %s", container.name()).containsExactlyInAnyOrder(CAPABILITIES);
    }

    /**
     * The container's command is the recorder, running the agent's program as {@code uid:uid}. Under gVisor (the
     * gVisor pass, {@link Engine#RUNTIME}) a shell first checks that the seccomp profile is in force, and the recorder
     * follows by ptrace, loading paude's profile into what it starts (docs/gvisor.md).
     */
    public static void assertCommandRunsAgentAs(ContainerEvidence container, int uid) {
        java.util.List<String> cmd = container.cmd();
        String id = String.valueOf(uid);
        if (Engine.RUNTIME.equals("runsc")) {
            assertThat(cmd).as("command of %s", container.name()).startsWith("/bin/sh", "-c").containsSequence("paude-seccomp-check",
                    BINARY, "--ptrace", "--seccomp-rules", "/etc/paude/seccomp.rules", "--uid", id, "--gid", id);
            return;
        }
        assertThat(cmd).as("command of %s", container.name()).startsWith(BINARY, "--uid", id, "--gid", id).hasSizeGreaterThan(5);
    }
}
