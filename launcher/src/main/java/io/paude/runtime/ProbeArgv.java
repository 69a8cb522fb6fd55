package io.paude.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command lines of {@link EngineProbes}' throw-away containers, as pure functions like {@link Argv}'s: each with
 * every container's hardening (no capabilities, no new privileges, a read-only root) and explicit limits.
 */
final class ProbeArgv {
    private ProbeArgv() {
    }

    /** The alias probe's network: internal, like the egress networks of the suite, with the engine's default DNS. */
    static List<String> network(String name, Map<String, String> labels) {
        List<String> a = new ArrayList<>(List.of("network", "create", "--internal"));
        Argv.labels(a, labels);
        a.add(name);
        return a;
    }

    /**
     * A container of the alias probe, with every container's hardening and explicit limits: {@code run [-d] ...
     * --entrypoint COMMAND IMAGE ARGS}. The first one answers to {@code alias} (and runs {@code sleep}), the second
     * looks it up.
     */
    static List<String> container(String name, String network, String alias, Map<String, String> labels, String image,
            List<String> command) {
        List<String> a = new ArrayList<>(List.of("run", alias != null ? "-d" : "--rm", "--name", name));
        Argv.labels(a, labels);
        Argv.add(a, "--network", network);
        if (alias != null) {
            Argv.add(a, "--network-alias", alias);
        }
        Argv.add(a, "--cap-drop", "ALL");
        Argv.add(a, "--security-opt", "no-new-privileges");
        a.add("--read-only");
        Argv.add(a, "--pids-limit", "16");
        Argv.add(a, "--memory", "64m");
        Argv.add(a, "--ulimit", "nofile=1024:1024");
        Argv.add(a, "--ulimit", "nproc=" + Argv.NPROC + ":" + Argv.NPROC);
        Argv.add(a, "--entrypoint", command.get(0));
        a.add(image);
        a.addAll(command.subList(1, command.size()));
        return a;
    }

    /**
     * A container of {@code image} under runtime {@code runtime} with no network that prints its kernel release, its
     * seccomp mode and the start of its kernel log ({@link RuntimeProbe}): gVisor's kernel says "Starting gVisor" there.
     * The engine's default seccomp profile stays on: whether the runtime applies it is part of what is probed. The
     * limits leave room for the runtime's own threads (a gVisor sandbox's count against the pids cgroup).
     */
    static List<String> runtime(String name, Map<String, String> labels, String image, String runtime) {
        List<String> a = new ArrayList<>(List.of("run", "--rm", "--name", name, "--runtime", runtime));
        Argv.labels(a, labels);
        Argv.add(a, "--network", "none");
        Argv.add(a, "--cap-drop", "ALL");
        Argv.add(a, "--cap-add", "SYSLOG"); // to read the kernel log, inside the sandbox
        Argv.add(a, "--security-opt", "no-new-privileges");
        a.add("--read-only");
        Argv.add(a, "--pids-limit", "1024");
        Argv.add(a, "--memory", "256m");
        Argv.add(a, "--entrypoint", "/bin/sh");
        a.add(image);
        a.addAll(List.of("-c", RuntimeProbe.SCRIPT));
        return a;
    }
}
