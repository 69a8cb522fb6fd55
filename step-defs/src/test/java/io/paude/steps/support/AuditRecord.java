package io.paude.steps.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.paude.steps.World;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The current session's command audit as the steps read it, and the agent's attempts on it: one shell function
 * {@code a NAME CMD..} prints "== NAME", the command's output and "rc=N", and {@link #sections} reads them back.
 */
public final class AuditRecord {
    /** The recorder's raw log inside the agent container, where the agent must not reach it. */
    public static final String LOG = "/run/paude-audit/log/main.000000";
    /** Defines {@code a}: each attempt a section of the output. */
    public static final String ATTEMPT = "a() { echo \"== $1\"; shift; \"$@\" 2>&1; echo \"rc=$?\"; }; ";
    private final World world;

    public AuditRecord(World world) {
        this.world = world;
    }

    /** The one completed exec of {@code argv} in the session's audit (attempts on a missing file do not count). */
    public JsonNode recorded(String argv) {
        // attempts on a file that did not exist (execvp's PATH search) are recorded too, marked missing
        List<JsonNode> found = world.auditExecs(world.session).stream()
                .filter(e -> Timeline.argv(e).equals(argv) && !e.path("missing").asBoolean()).toList();
        assertThat(found).as("exec of '%s' in the audit log", argv).hasSize(1);
        return found.get(0);
    }

    /** Runs {@code shell} in the agent, which must succeed. */
    public void ran(String shell) {
        Cmd.Result r = world.inAgent(shell);
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /** Reading, appending to, truncating and deleting {@code file}: sections read, append, truncate, delete. */
    public static String tamperingWith(String file) {
        return ATTEMPT + "a read cat " + file + "; a append sh -c 'echo forged >> " + file + "'; a truncate truncate -s 0 "
                + file + "; a delete rm -f " + file + "; ";
    }

    /** The output of attempts by section name. */
    public static Map<String, String> sections(String out) {
        Map<String, String> m = new TreeMap<>();
        String name = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("== ")) {
                name = line.substring(3);
                m.put(name, "");
            } else if (name != null) {
                m.put(name, m.get(name) + line + "\n");
            }
        }
        return m;
    }
}
