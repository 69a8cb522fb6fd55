package io.paude.session;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import io.paude.runtime.EngineException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells the user when the kernel killed the agent, or a command in it, for exceeding the memory limit: an exit
 * code of 137 alone reads like a crash, and the fix (more memory, or less work) is not obvious from it.
 */
final class OomReport {
    /** Exit code of a process killed by SIGKILL, which is how the OOM killer ends it. */
    static final int SIGKILLED = 137;
    private static final String SEEN = "oom-kills";

    private OomReport() {
    }

    /**
     * After {@code paude run}: the agent container has exited and still exists (it is removed at teardown). Only an
     * exit by SIGKILL can be the OOM killer's, as after {@link #afterExec}; any other exit costs no engine call.
     */
    static void afterRun(ContainerEngine engine, String agent, int exitCode, long memoryMiB, PrintWriter err) {
        if (exitCode != SIGKILLED) {
            return;
        }
        boolean oom = engine.state(agent).map(ContainerState::oomKilled).orElse(false);
        if (oom) {
            say(err, "the agent was OOM-killed (memory limit " + memoryMiB + "m)");
        }
    }

    /**
     * After {@code paude exec}: the container keeps running, so the kill count of its memory cgroup is compared with
     * the count already reported for this session (kept in the session directory).
     */
    static void afterExec(ContainerEngine engine, String agent, int exitCode, Path sessionDir, PrintWriter err) {
        if (exitCode != SIGKILLED) {
            return;
        }
        int kills = engine.oomKills(agent);
        Path seenFile = sessionDir.resolve(SEEN);
        int seen = 0;
        try {
            if (Files.exists(seenFile)) {
                seen = Integer.parseInt(Files.readString(seenFile, StandardCharsets.UTF_8).strip());
            }
            if (kills > seen) {
                Files.writeString(seenFile, Integer.toString(kills), StandardCharsets.UTF_8);
            }
        } catch (IOException | NumberFormatException e) {
            // an unreadable record only risks repeating the message
        }
        if (kills > seen) {
            say(err, "the command was OOM-killed in the agent (memory limit " + memoryMiB(engine, agent) + ")");
        }
    }

    /**
     * After a {@code paude exec} under gVisor whose sandbox ended while the command ran ({@link SandboxWatch}): says
     * how, and that the session is over. Returns the exit code for the command: 137 when the engine reports the OOM
     * killer, 125 (the sandbox failed) otherwise.
     */
    static int sandboxEnded(String session, Optional<ContainerState> state, PrintWriter err) {
        boolean oom = state.map(ContainerState::oomKilled).orElse(false);
        // Podman on cgroup v1 does not report the OOM killer (docs/podman.md): a SIGKILL is then the likely cause.
        boolean killed = !oom && state.map(st -> st.exitCode() == SIGKILLED).orElse(false);
        err.println("paude: the sandbox of session " + session + " ended while the command ran: its agent's container "
                + state.map(st -> oom ? "was " + st.describe()
                        : killed ? "was killed (exit 137, SIGKILL: most likely the memory limit)" : st.describe())
                        .orElse("is gone")
                + (oom || killed ? ". Under gVisor a command that reaches the memory limit ends the whole sandbox, not"
                        + " only itself (docs/gvisor.md)" : "")
                + ". The session is over: remove it with 'paude stop " + session + "' and start a new one"
                + (oom || killed ? " with more --memory" : ""));
        err.flush();
        return oom || killed ? SIGKILLED : 125;
    }

    private static String memoryMiB(ContainerEngine engine, String agent) {
        try {
            return Long.parseLong(engine.inspect(agent, "{{.HostConfig.Memory}}").strip()) / (1024 * 1024) + "m";
        } catch (EngineException | NumberFormatException e) {
            return "unknown";
        }
    }

    private static void say(PrintWriter err, String what) {
        err.println("paude: " + what + "; give it more with --memory (or \"limits\": {\"memory\": ...} in the config)");
        err.flush();
    }
}
