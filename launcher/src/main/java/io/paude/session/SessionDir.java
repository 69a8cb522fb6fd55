package io.paude.session;

import io.paude.audit.AuditLog;
import io.paude.audit.Recorder;
import io.paude.audit.Retention;
import io.paude.plan.SandboxPlan;
import io.paude.policy.AuditSettings;
import io.paude.policy.NetworkMode;
import io.paude.policy.SandboxPolicy;
import io.paude.proxy.AccessLog;
import io.paude.proxy.LogDaemon;
import io.paude.proxy.SquidConfig;
import io.paude.runtime.EngineFacts;
import io.paude.state.Json;
import io.paude.state.StatePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session's directory on the host (0700, under {@link StatePaths#sessions}): its record ({@code session.json}), the
 * audit recorder's raw log, the proxy's configuration and logs, the agent's configuration. What the containers read
 * or write here and with which permissions is decided in this one place.
 */
final class SessionDir {
    private final Path dir;

    private SessionDir(Path dir) {
        this.dir = dir;
    }

    /** Creates the directory of session {@code name} (0700) with its audit directory in it. */
    static SessionDir create(StatePaths paths, String name) {
        SessionDir d = new SessionDir(StatePaths.privateDir(paths.session(name)));
        d.openAuditDir();
        return d;
    }

    Path path() {
        return dir;
    }

    /** The directory the recorder writes into (mounted at {@link Recorder#LOG_DIR}). */
    Path auditDir() {
        return dir.resolve(AuditLog.RAW_DIR);
    }

    Path proxyConfig() {
        return dir.resolve("proxy");
    }

    Path proxyLog() {
        return dir.resolve(AccessLog.DIR);
    }

    Path agentConfig() {
        return dir.resolve("agent");
    }

    /** Squid's cache log, where it says it is ready ({@link ProxyReadiness}). */
    Path cacheLog() {
        return proxyLog().resolve(AccessLog.CACHE);
    }

    AuditLog audit() {
        return new AuditLog(dir);
    }

    /**
     * The directory the recorder writes into. The recorder is root inside the container but has no
     * CAP_DAC_OVERRIDE, and the host user owning the session directory need not be uid 0, so this directory is
     * open to all; the session directory around it (0700) keeps other host users out, and inside the container it
     * sits below a root-only 0700 tmpfs that the agent cannot enter.
     */
    private void openAuditDir() {
        try {
            Files.createDirectories(auditDir());
            Files.setPosixFilePermissions(auditDir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeAgentFiles(SandboxPlan plan) {
        writeFiles(agentConfig(), plan.agentFiles());
    }

    /**
     * The proxy's configuration, and its log directory: the proxy runs as its own unprivileged user without
     * capabilities: it reads world-readable files, and its log daemon and squid's rotation create and remove the parts
     * of its logs in this directory, which is therefore open to all (like audit-raw); the session directory (0700)
     * keeps other host users out.
     */
    void writeProxyFiles(SandboxPlan plan) {
        writeFiles(proxyConfig(), plan.proxyFiles());
        try {
            Files.createDirectories(proxyLog());
            Files.setPosixFilePermissions(proxyLog(), PosixFilePermissions.fromString("rwxrwxrwx"));
            for (String log : List.of(AccessLog.NAME, AccessLog.CACHE)) {
                Path f = proxyLog().resolve(log);
                if (!Files.exists(f)) {
                    Files.createFile(f);
                }
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates {@link Recorder#READY_FILE}, on which the recorder of a session with a proxy starts the agent's command
     * (Recorder.Role.PID1_AFTER_PROXY).
     */
    void releaseAgent() {
        try {
            Files.writeString(auditDir().resolve(Recorder.READY_FILE), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the directory: a start that was refused leaves nothing behind (best effort: an empty one is harmless). */
    void delete() {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: an empty session directory is harmless
        }
    }

    /** The session's record: what was asked and what the engine gave ({@code session.json}). */
    void writeRecord(SandboxPlan plan, SandboxPolicy policy, String engine, int[] ids, AuditSettings audit,
            boolean limitsEnforced) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("session", plan.session());
        record.put("created", Instant.now().toString());
        record.put("engine", engine);
        record.put("runtime", plan.agent().runtime().id());
        record.put("workspace", policy.workspace().toString());
        record.put("agent", policy.agent().id());
        record.put("network", plan.mode() == NetworkMode.OPEN ? "open (--allow-network)" : "filtered");
        record.put("allowlist", plan.mode() == NetworkMode.OPEN ? List.of() : policy.allowlist().asStrings());
        record.put("limits", Map.of("cpus", policy.limits().cpus(), "memoryMiB", policy.limits().memoryMiB(),
                "pids", policy.limits().pids(), "nofile", policy.limits().nofile(), "tmpMiB", policy.limits().tmpMiB()));
        record.put("agentUser", ids[0] + ":" + ids[1]);
        if (!limitsEnforced) { // the engine drops them: recorded as the user accepted it (EngineFacts.ACCEPT_FLAG)
            record.put("limitsEnforced", false);
            record.put("acceptedUnenforcedLimits", EngineFacts.ACCEPT_FLAG);
        }
        record.put("audit", Map.of("maxBytesPerStream", audit.maxBytes(), "keepSessions", audit.keepSessions(),
                "maxAgeDays", audit.maxAgeDays()));
        try {
            Files.writeString(dir.resolve("session.json"), Json.write(record) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Retention: old sessions' directories (and their audit logs) go before a new session starts; never those of a
     * {@code live} session (the one starting among them).
     */
    static void pruneOld(StatePaths paths, AuditSettings audit, Set<String> live, PrintWriter err) {
        List<String> pruned = Retention.prune(paths.sessions(), audit, live, Instant.now());
        if (!pruned.isEmpty()) {
            err.println("paude: pruned the logs of " + pruned.size() + " old session(s) (keep " + audit.keepSessions()
                    + " sessions, " + audit.maxAgeDays() + " days)");
            err.flush();
        }
    }

    /**
     * Writes world-readable files (read by containers' unprivileged users) into a directory of the session; the
     * proxy's {@link LogDaemon} is also executable.
     */
    private static void writeFiles(Path dir, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                for (Path d = p.getParent(); d.startsWith(dir); d = d.getParent()) {
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        SquidConfig.EXECUTABLES.contains(f.getKey()) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
