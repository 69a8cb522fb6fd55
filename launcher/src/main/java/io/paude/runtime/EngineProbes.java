package io.paude.runtime;

import io.paude.plan.Labels;
import io.paude.runtime.EngineCli.Result;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The throw-away containers with which {@link CliEngine} proves what the engine does (paude doctor): whether network
 * aliases resolve, and what a runtime's containers see of their kernel. Everything a probe creates is removed again.
 */
final class EngineProbes {
    private final EngineCli cli;
    private final ContainerEngine engine;

    /** {@code engine} removes what the probes create. */
    EngineProbes(EngineCli cli, ContainerEngine engine) {
        this.cli = cli;
        this.engine = engine;
    }

    /** {@link ContainerEngine#aliasProbe}. */
    Optional<String> alias(String image) {
        String name = name();
        String alias = "alias-probe.paude.test";
        Map<String, String> labels = labels(name);
        try {
            cli.check(ProbeArgv.network(name, labels));
            cli.check(ProbeArgv.container(name + "-host", name, alias, labels, image, List.of("sleep", "60")));
            Result r = cli.call(ProbeArgv.container(name + "-lookup", name, null, labels, image, List.of("getent", "hosts", alias)));
            return r.code() == 0 ? Optional.empty()
                    : Optional.of("a container could not resolve the network alias of another on the same network ("
                            + "getent exit " + r.code() + (r.err().isBlank() ? "" : ": " + EngineCli.firstLine(r.err())) + ")");
        } finally {
            engine.removeContainers(List.of(name + "-host", name + "-lookup"));
            engine.removeNetworks(List.of(name));
        }
    }

    /** {@link ContainerEngine#runtimeProbe}. */
    RuntimeProbe runtime(String image, String runtime) {
        String name = name();
        try {
            Result r = cli.call(ProbeArgv.runtime(name, labels(name), image, runtime));
            return r.code() == 0 ? RuntimeProbe.parse(r.out())
                    : RuntimeProbe.failed(EngineCli.firstLine(r.err().isBlank() ? r.out() : r.err()));
        } finally {
            engine.removeContainers(List.of(name));
        }
    }

    private static String name() {
        return "paude-probe-" + Long.toHexString(System.nanoTime() & 0xffffffL);
    }

    /** A probe's labels: a session of its own, the role probe, and this launcher's pid. */
    private static Map<String, String> labels(String name) {
        return Map.of(Labels.SESSION, name, Labels.ROLE, "probe", Labels.LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
    }
}
