package io.paude.state;

import io.paude.policy.AuditSettings;

/**
 * How a capped log removes its oldest parts and keeps count of them, in shell for the log writers that run inside the
 * containers ({@link Recorder#rotation} for the recorded streams, {@code proxy/LogDaemon} for the proxy's access log).
 * The first part of a log is never removed: what the agent did first stays, however much it writes afterwards. Of the
 * others the newest {@code ROTATIONS - 2} stay (with the part being started, {@link AuditSettings#ROTATIONS}). Before
 * a part is removed, the ledger file is rewritten with the running totals on one line, "RECORDS FROM TO PARTS": the
 * records removed, the time of the first and of the last record removed, the parts removed.
 */
public final class CapLedger {
    /** The suffix of a log's ledger file, beside its parts. */
    public static final String SUFFIX = "dropped";

    private CapLedger() {
    }

    /**
     * A shell command that removes what the cap no longer holds.
     *
     * @param listParts prints the log's parts, one name a line (names relative to {@code dir})
     * @param dir the parts' directory (a shell word)
     * @param ledger the ledger file (a shell word)
     * @param records counts the records of the part {@code $p}
     * @param time prints the time of the record on its standard input (seconds since the epoch, with a fraction)
     */
    public static String removeOldest(String listParts, String dir, String ledger, String records, String time) {
        String keepOld = Integer.toString(AuditSettings.ROTATIONS - 2);
        return listParts + " | sort | tail -n +2 | head -n -" + keepOld + " | while read -r f; do p=" + dir + "/$f;"
                + " n=$(" + records + "); a=$(head -n 1 $p | " + time + "); b=$(tail -n 1 $p | " + time + ");"
                + " set -- $(cat " + ledger + " 2>/dev/null || echo 0 null null 0); f0=$2; [ \"$f0\" = null ] && f0=${a:-null};"
                + " echo \"$(($1 + ${n:-0})) $f0 ${b:-$3} $(($4 + 1))\" > " + ledger + ".new && mv " + ledger + ".new " + ledger + ";"
                + " rm -f $p; done";
    }
}
