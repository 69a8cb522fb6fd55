package io.paude.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the defaults of a session depend on: the host's cores and memory (the agent's default limits) and its process
 * ids (how many tasks a gVisor session may have).
 *
 * @param cpus      the cores the JVM sees
 * @param memoryMiB the host's memory
 * @param pidMax    the kernel's {@code pid_max}: the host's process ids, which a gVisor session's threads count against
 */
public record Host(int cpus, long memoryMiB, long pidMax) {
    /** This host, read now. */
    public static Host current() {
        return new Host(Runtime.getRuntime().availableProcessors(), hostMemoryMiB(), hostPidMax());
    }

    private static long hostPidMax() {
        try {
            // readAllLines, not readString: the JDK read "3" of this /proc file's "32768" through readString
            return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip());
        } catch (IOException | NumberFormatException e) {
            return 32768; // Linux's default
        }
    }

    private static long hostMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the JVM's view
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024) * 4;
    }
}
