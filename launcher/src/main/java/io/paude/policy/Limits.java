package io.paude.policy;

/**
 * Resource limits of the agent container. Every limit is always set: an unlimited sandbox is not an option.
 *
 * @param cpus       CPU quota in cores
 * @param memoryMiB  memory limit; swap is set equal to it, so the agent cannot swap its way past it
 * @param pids       maximum number of processes and threads (stops fork bombs)
 * @param nofile     open-file limit (soft and hard)
 * @param tmpMiB     size of each writable tmpfs ({@code /tmp} and the agent's home)
 */
public record Limits(double cpus, long memoryMiB, long pids, long nofile, long tmpMiB) {
    public Limits {
        if (!(cpus > 0) || cpus > 1024) {
            throw new PolicyException("--cpus must be a positive number of cores, got " + cpus, "for example --cpus 2");
        }
        if (memoryMiB < 64) {
            throw new PolicyException("--memory must be at least 64m, got " + memoryMiB + "m", "for example --memory 4g");
        }
        if (pids < 16) {
            throw new PolicyException("--pids-limit must be at least 16, got " + pids, "for example --pids-limit 512");
        }
        if (nofile < 64) {
            throw new PolicyException("--nofile must be at least 64, got " + nofile, "for example --nofile 4096");
        }
        if (tmpMiB < 1) {
            throw new PolicyException("--tmp-size must be at least 1m, got " + tmpMiB + "m", "for example --tmp-size 1g");
        }
    }

    /** Defaults sized from the host: half the cores (at least 1, at most 4), a quarter of memory (1 to 8 GiB). */
    public static Limits forHost(int hostCores, long hostMemoryMiB) {
        double cpus = Math.max(1, Math.min(4, hostCores / 2));
        long mem = Math.max(1024, Math.min(8192, hostMemoryMiB / 4));
        return new Limits(cpus, mem, 512, 4096, 1024);
    }

    /** One line for people: what {@code paude doctor} and the session start print. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "cpus %.2f, memory %dm (no swap beyond it), pids %d, open files %d, tmpfs %dm each",
                cpus, memoryMiB, pids, nofile, tmpMiB);
    }

    /** The proxy's own small limits. */
    public static Limits proxy() {
        return new Limits(1, 256, 128, 4096, 16);
    }

    /** Parses sizes such as {@code 512m}, {@code 4g}, {@code 1024} (MiB). */
    public static long parseMiB(String value, String option) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("g")) {
                return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1024);
            }
            if (v.endsWith("m")) {
                return Long.parseLong(v.substring(0, v.length() - 1));
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new PolicyException(option + " '" + value + "' is not a size", "write it as 512m or 4g");
        }
    }
}
