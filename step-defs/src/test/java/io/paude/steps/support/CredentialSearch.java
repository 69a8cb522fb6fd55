package io.paude.steps.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Looks for a credential everywhere the agent or the engine could show it: every file of the agent's container
 * (as root, so nothing is hidden by permissions; /proc, /sys and /dev aside), the environment and command line of
 * every process in it, and the engine's inspect output of the session's agent and proxy. The proxy's own memory is
 * where the gateway keeps the credential by design, so its files are not searched; its inspect output is.
 */
public final class CredentialSearch {
    private CredentialSearch() {
    }

    /**
     * The places {@code value} was found in the containers {@code agent} and {@code proxy} of one session, each named
     * ("file /tmp/x", "environ of pid 12", "inspect of ..."). The engine's report is read anew for the search.
     */
    public static List<String> find(String agent, String proxy, String value) {
        List<String> found = new ArrayList<>();
        // grep reads the value from a file of its own, not from its argv, or it would find itself in /proc/PID/cmdline;
        // the file is removed before the search of the file system starts.
        String script = """
                v=$(cat); f=$(mktemp -p /dev/shm 2>/dev/null || mktemp); printf '%s' "$v" > "$f"
                for p in /proc/[0-9]*; do
                  [ "$p" = /proc/$$ ] && continue
                  grep -q -a -F -f "$f" "$p/environ" 2>/dev/null && echo "environ of pid ${p#/proc/}"
                  grep -q -a -F -f "$f" "$p/cmdline" 2>/dev/null && echo "command line of pid ${p#/proc/}"
                done
                if [ "$1" = files ]; then
                  grep -r -l -a -F -f "$f" -s --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev / 2>/dev/null \\
                    | grep -v -x -F "$f" | sed 's/^/file /'
                fi
                rm -f "$f"; true
                """;
        // as root (every file; the environment of root's processes) and as the agent's user (the environment of its
        // processes, which root without the agent's uid may not read)
        String user = ContainerEvidence.read(agent).label("paude.agent-user");
        for (String as : List.of("0", user)) {
            Cmd.Result r = Cmd.runWithInput(List.of(Engine.NAME, "exec", "-i", "--user", as, agent, "sh", "-c", script, "sh",
                    as.equals("0") ? "files" : "processes"), value);
            if (r.exit() != 0) {
                throw new AssertionError("the search in " + agent + " failed:\n" + r);
            }
            r.out().lines().filter(l -> !l.isBlank() && !found.contains(l)).forEach(found::add);
        }
        for (String c : List.of(agent, proxy)) {
            if (ContainerEvidence.read(c).raw().contains(value)) {
                found.add("inspect of " + c);
            }
        }
        return found;
    }
}
