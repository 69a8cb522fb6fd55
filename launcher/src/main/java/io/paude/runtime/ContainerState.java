package io.paude.runtime;

/** What the engine reports about a container's process. */
public record ContainerState(String status, boolean running, int exitCode, boolean oomKilled) {
    /** A sentence for the user: "running", "OOM-killed (exit 137)", "exited with code 3". */
    public String describe() {
        if (running) {
            return "running";
        }
        if (oomKilled) {
            return "OOM-killed (exit " + exitCode + ")";
        }
        return "exited with code " + exitCode;
    }
}
