package io.paude.steps.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The behaviours the steps check from inside an agent, named as the threat model speaks of them: a connection the
 * agent opens, a write it attempts. Each runs in one session's agent (through {@code paude exec}) and returns the
 * kernel's own words, so a step can check WHY something was refused, not only that it was.
 */
public final class AgentProbes {
    private final Function<String, Cmd.Result> shell;

    /** @param shell runs a shell command in the agent of one session */
    public AgentProbes(Function<String, Cmd.Result> shell) {
        this.shell = shell;
    }

    /**
     * Opens a TCP connection from the agent with bash's /dev/tcp, which reports the kernel's reason verbatim ("No route
     * to host", "Connection refused"): "connected", the reason, or "timed out" after 4 s.
     */
    public String connect(String host, int port) {
        Cmd.Result r = shell.apply("timeout 4 bash -c 'exec 3<>/dev/tcp/" + host + "/" + port
                + " && echo connected' 2>&1; rc=$?; [ $rc = 124 ] && echo 'timed out'; true");
        return r.out().strip();
    }

    /** Overwrites {@code path} from the agent, which must fail: what the agent was told (the reason of the refusal). */
    public String refusedWrite(String path) {
        Cmd.Result r = shell.apply("echo overwritten > " + path);
        assertThat(r.exit()).as("writing must fail\n%s", r).isNotZero();
        return r.both();
    }

    /**
     * Creates each file with {@code touch} from the agent: each file with "written", or the first line of why touch
     * refused it ("touch: cannot touch '/etc/x': Read-only file system"). Paths may use $HOME; no double quotes.
     */
    public Map<String, String> writeEach(List<String> files) {
        StringBuilder list = new StringBuilder();
        files.forEach(f -> list.append(" \"").append(f).append('"'));
        Cmd.Result r = shell.apply("for f in" + list + "; do if e=$(touch \"$f\" 2>&1); then r=written; "
                + "else r=$(printf '%s\\n' \"$e\" | head -n 1); fi; printf '%s\\t%s\\n' \"$f\" \"$r\"; done");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as("one line a file\n%s", r).hasSize(files.size());
        Map<String, String> results = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            results.put(files.get(i), lines.get(i).substring(lines.get(i).indexOf('\t') + 1));
        }
        return results;
    }
}
