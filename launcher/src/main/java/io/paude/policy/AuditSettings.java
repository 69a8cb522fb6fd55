package io.paude.policy;

import io.paude.policy.PolicyException;
import java.util.Locale;

/**
 * How much audit log a session may keep and how long old sessions' logs stay.
 *
 * @param maxBytes     cap of each recorded stream (the session's main process, and each {@code paude exec}); the
 *                     recorder rotates within it and drops the oldest part, so a flooding agent cannot fill the disk
 * @param keepSessions how many session directories are kept; older ones are pruned when a session starts
 * @param maxAgeDays   session directories older than this are pruned when a session starts
 */
public record AuditSettings(long maxBytes, int keepSessions, int maxAgeDays) {
    /** Rotated files per stream: the stream is cut into this many parts of {@code maxBytes / ROTATIONS} bytes. */
    public static final int ROTATIONS = 4;
    public static final long MIN_BYTES = 64 * 1024;

    public AuditSettings {
        if (maxBytes < MIN_BYTES) {
            throw new PolicyException("the audit log cap must be at least 64k, not " + maxBytes + " bytes",
                    "pass --audit-max-size 64m (or larger)");
        }
        if (keepSessions < 1 || maxAgeDays < 1) {
            throw new PolicyException("audit retention must keep at least one session for at least one day",
                    "pass --audit-keep-sessions N and --audit-max-age DAYS with N, DAYS >= 1");
        }
    }

    public static AuditSettings defaults() {
        return new AuditSettings(64L * 1024 * 1024, 50, 30);
    }

    /** Bytes of one rotated part. */
    public long chunkBytes() {
        return maxBytes / ROTATIONS;
    }

    /** Parses {@code 512k}, {@code 64m}, {@code 1g} or a plain number of bytes. */
    public static long parseSize(String s, String what) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            unit = switch (v.charAt(v.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new PolicyException(what + " '" + s + "' is not a size", "write it like 64m, 512k or 1g");
        }
    }
}
