package io.paude.cli;

import io.paude.audit.AuditEvent;
import io.paude.audit.AuditLog;
import io.paude.policy.PolicyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show a session's audit timeline: every program the agent started (with its exit code) and every "
                + "request the proxy allowed or denied. Also writes the session's audit.jsonl.",
        footer = {"", "Examples:",
            "  # the most recent session",
            "  paude audit",
            "",
            "  # one session's failed commands and denied requests only",
            "  paude audit paude-1a2b3c4d --failed",
            "",
            "  # matching events as JSON lines (format: docs/audit.md)",
            "  paude audit --grep curl --json",
            "",
            "  # keep printing new events (Ctrl-C to stop)",
            "  paude audit --follow"})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SESSION", description = "Session name. Default: the most recent session.")
    String session;

    @Option(names = "--follow", description = "Keep printing new events until interrupted.")
    boolean follow;

    @Option(names = "--json", description = "Print JSON lines instead of the readable form.")
    boolean json;

    @Option(names = "--grep", paramLabel = "REGEX", description = "Only events whose JSON line matches REGEX (case-insensitive).")
    String grep;

    @Option(names = "--failed", description = "Only commands that exited non-zero or were killed, and denied requests.")
    boolean failed;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = sessionDir();
        AuditLog log = new AuditLog(dir);
        PrintWriter out = spec.commandLine().getOut();
        Pattern pattern = grep == null ? null : Pattern.compile(grep, Pattern.CASE_INSENSITIVE);
        Set<String> shown = new HashSet<>();
        try {
            log.write();
        } catch (RuntimeException readOnly) {
            // showing the timeline does not depend on being able to store it
        }
        do {
            for (AuditEvent e : log.events()) {
                String line = AuditLog.json(e);
                if (!shown.add(e.time() + line.replaceAll("\"(exit|signal|replaced)\":[^,}]*", ""))) {
                    continue;
                }
                if ((failed && !e.failed()) || (pattern != null && !pattern.matcher(line).find())) {
                    continue;
                }
                out.println(json ? line : AuditLog.human(e));
            }
            out.flush();
            if (follow) {
                Thread.sleep(1000);
            }
        } while (follow);
        return ExitCodes.OK;
    }

    private Path sessionDir() {
        Path sessions = Services.paths().sessions();
        if (session != null) {
            Path d = sessions.resolve(session);
            if (!session.matches("[A-Za-z0-9-]+") || !Files.isDirectory(d)) {
                throw new PolicyException("no session '" + session + "' in " + sessions, "run 'paude audit' for the most recent one");
            }
            return d;
        }
        try (Stream<Path> dirs = Files.list(sessions)) {
            List<Path> all = dirs.filter(d -> Files.isRegularFile(d.resolve("session.json"))).toList();
            return all.stream().max(Comparator.comparing(AuditCommand::created))
                    .orElseThrow(() -> new PolicyException("no session has been recorded yet in " + sessions,
                            "start one with 'paude run' or 'paude start'"));
        } catch (IOException e) {
            throw new PolicyException("no session has been recorded yet in " + sessions, "start one with 'paude run' or 'paude start'");
        }
    }

    private static FileTime created(Path dir) {
        try {
            return Files.getLastModifiedTime(dir.resolve("session.json"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
