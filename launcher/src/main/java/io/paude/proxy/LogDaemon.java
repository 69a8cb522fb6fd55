package io.paude.proxy;

import io.paude.policy.AuditSettings;
import io.paude.state.CapLedger;

/**
 * The proxy's logs kept within the session's log cap ({@code --audit-max-size}), with the proxy image as it is. Squid
 * 5 cannot cap a log by size itself, so squid.conf hands the access log to this program ({@code logfile_daemon},
 * {@code access_log daemon:...}), a shell script in the proxy's configuration directory that squid starts as its
 * own unprivileged user. The script does for the access log what the audit recorder's pipe does for each recorded
 * stream ({@code audit/Recorder.rotation}): {@code split} cuts it into whole-line parts {@code access.log.NNNNNN} of
 * a quarter of the cap and, before each new part, removes the oldest but the first so that at most four remain: the
 * session's first requests and its newest. What was removed is counted in {@code access.log.dropped}
 * ({@link CapLedger}), so the audit says how many requests the cap dropped and from when. Squid writes its
 * cache log itself; the script tells squid to rotate it ({@code SIGUSR1}, which squid obeys with
 * {@code logfile_rotate 3}: {@code cache.log} and {@code cache.log.0..2}) once it has passed a quarter of the cap,
 * looking at each new part of the access log and every second.
 */
public final class LogDaemon {
    /** The script's name in the proxy's configuration directory. */
    public static final String FILE = "log-daemon";

    private LogDaemon() {
    }

    /** The script for a session with these audit settings. */
    public static String script(AuditSettings audit) {
        long chunk = audit.chunkBytes();
        String cacheCheck = "[ \"$(stat -c %s \"$PAUDE_LOG_DIR/" + AccessLog.CACHE + "\" 2>/dev/null || echo 0)\" -gt " + chunk
                + " ] && kill -USR1 \"$PAUDE_SQUID\"";
        String filter = CapLedger.removeOldest("ls -1 \"$PAUDE_LOG_DIR\" | grep -E '^" + AccessLog.NAME.replace(".", "[.]") + "[.][0-9]+$'",
                "\"$PAUDE_LOG_DIR\"", "\"$PAUDE_LOG_DIR/" + AccessLog.DROPPED + "\"", "wc -l < $p", "cut -d' ' -f1")
                + "; " + cacheCheck + "; exec cat > \"$FILE\"";
        return """
                #!/bin/sh
                # Written by paude for one session (proxy/LogDaemon): squid's log daemon, capping the proxy's logs.
                # Squid writes "L" and a line for each access-log line, and one-letter commands that are not needed here.
                set -u
                umask 022
                export PAUDE_SQUID="$PPID"
                export PAUDE_LOG_DIR="${1%/*}"
                # squid's cache log, every second for as long as squid runs (and at each new part of the access log)
                (while sleep 1 && kill -0 "$PAUDE_SQUID"; do CACHE_CHECK; done) </dev/null >/dev/null 2>&1 &
                # after a restart of squid the numbering goes on, so the oldest part is still the first one sorted
                last=$(ls -1 "$PAUDE_LOG_DIR" | grep -E '^ACCESS_RE[.][0-9]+$' | sort | tail -n 1)
                next=0
                [ -z "$last" ] || next=$(expr "${last##*.}" + 1)
                sed -u -n 's/^L//p' | exec split -C CHUNK -a 6 --numeric-suffixes="$next" --filter='FILTER' - "$1."
                """.replace("CACHE_CHECK", cacheCheck).replace("ACCESS_RE", AccessLog.NAME.replace(".", "[.]"))
                .replace("CHUNK", Long.toString(chunk)).replace("FILTER", filter.replace("'", "'\\''"));
    }
}
