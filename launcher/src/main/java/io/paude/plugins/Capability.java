package io.paude.plugins;

/** What a plugin can do that matters for security. */
public enum Capability {
    NETWORK("network access"),
    FS_WRITE("file system writes"),
    EXEC("process execution"),
    EVAL("dynamic code evaluation"),
    ENVIRONMENT("changes the agent's environment");

    private final String label;

    Capability(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
