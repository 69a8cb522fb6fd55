package io.paude.cli;

import io.paude.policy.Allowlist;
import io.paude.policy.NetworkMode;
import io.paude.policy.SandboxPolicy;
import java.io.PrintWriter;
import java.util.List;

/** Warnings about the policy of a session, printed before it starts ({@code run}, {@code start}), worded once. */
final class Warnings {
    private Warnings() {
    }

    /** Every warning {@code policy} calls for: research mode, or suffix entries in the allowlist. */
    static void beforeStart(SandboxPolicy policy, PrintWriter err) {
        if (policy.network() == NetworkMode.OPEN) {
            openNetwork(err);
        } else {
            suffixEntries(policy.allowlist(), err);
        }
    }

    static void openNetwork(PrintWriter err) {
        err.println("paude: WARNING: --allow-network: the agent has full network access; no proxy and no allowlist apply.");
        err.println("paude: WARNING: anything in the workspace can be sent anywhere. Treat this session's output as untrusted.");
    }

    /**
     * One line naming the suffix entries: each lets the agent reach every name below it, and below a large provider's
     * domain anyone can make such a name take data (a storage bucket, an Apps Script web app, a Form).
     */
    static void suffixEntries(Allowlist allowlist, PrintWriter err) {
        List<String> suffixes = allowlist.suffixEntries();
        if (suffixes.isEmpty()) {
            return;
        }
        err.println("paude: warning: the allowlist entr" + (suffixes.size() == 1 ? "y " : "ies ") + String.join(" ", suffixes)
                + (suffixes.size() == 1 ? " allows every name below it" : " allow every name below them") + ", including endpoints anyone can create "
                + "that take uploads without your credentials (storage buckets, Apps Script web apps, Forms under Google's "
                + "domains); prefer exact hosts (--allow-domain api.example.com)");
    }
}
