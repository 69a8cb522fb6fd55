package io.paude.cli;

import java.io.PrintWriter;

/** Warnings printed before a session starts, worded once. */
final class Warnings {
    private Warnings() {
    }

    static void openNetwork(PrintWriter err) {
        err.println("paude: WARNING: --allow-network: the agent has full network access; no proxy and no allowlist apply.");
        err.println("paude: WARNING: anything in the workspace can be sent anywhere. Treat this session's output as untrusted.");
    }
}
