package io.paude.runtime;

import io.paude.plan.NetworkSpec;
import io.paude.runtime.EngineCli.Result;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link CliEngine}'s networks: creating one (a taken subnet is the caller's cue to try another), connecting,
 * removing, and the rule that keeps a Podman bridge's host end away from the agent ({@link ContainerEngine#isolateFromHost}).
 */
final class EngineNetworks {
    private final EngineCli cli;
    private final Supplier<EngineFacts> facts;

    EngineNetworks(EngineCli cli, Supplier<EngineFacts> facts) {
        this.cli = cli;
        this.facts = facts;
    }

    /** {@link ContainerEngine#createNetwork}: false when the subnet cannot be had now, so the caller tries another. */
    boolean create(NetworkSpec spec) {
        Result r = cli.call(Argv.network(cli.kind(), spec));
        if (r.code() == 0) {
            return true;
        }
        String e = r.err().toLowerCase();
        // "route ip+net: no such network interface": Podman lists the host's routes to check the subnet and one went
        // away meanwhile (another network removed at that moment, as a session's teardown does beside the next start).
        // Nothing was created: like a taken subnet, the caller tries again.
        if (e.contains("overlap") || e.contains("already used") || e.contains("in use") || e.contains("no such network interface")) {
            return false;
        }
        throw cli.failed(Argv.network(cli.kind(), spec), r);
    }

    boolean exists(String name) {
        return cli.call(List.of("network", "inspect", name)).code() == 0;
    }

    Optional<Boolean> namesResolveOn(String network) {
        Result r = cli.call(Argv.networkResolution(cli.kind(), network));
        return r.code() == 0 ? Optional.of(Argv.namesResolve(cli.kind(), r.out())) : Optional.empty();
    }

    void connect(String network, String container) {
        cli.check(List.of("network", "connect", network, container));
    }

    void isolateFromHost(String network) {
        Optional<Boolean> rootless = podmanRootless();
        if (rootless.isEmpty()) {
            return;
        }
        String bridge = cli.check(bridgeOf(network)).out().strip();
        for (String tool : List.of("iptables", "ip6tables")) {
            if (cli.host(Argv.hostIsolation(rootless.get(), tool, "-C", bridge, network)).code() == 0) {
                continue; // made already (rootless: again once the proxy keeps the namespace alive)
            }
            Result r = cli.host(Argv.hostIsolation(rootless.get(), tool, "-I", bridge, network));
            if (r.code() != 0 && tool.equals("iptables")) {
                throw new EngineException("cannot keep the agent away from the " + (rootless.get()
                        ? "rootless network namespace's addresses" : "host's services") + ": " + tool + " failed: "
                        + r.err().strip(), "install iptables, or use --engine docker");
            }
        }
    }

    void releaseHostIsolation(String network) {
        Optional<Boolean> rootless = podmanRootless();
        if (rootless.isEmpty()) {
            return;
        }
        Result r = cli.call(bridgeOf(network));
        if (r.code() != 0) {
            return;
        }
        for (String tool : List.of("iptables", "ip6tables")) {
            cli.host(Argv.hostIsolation(rootless.get(), tool, "-D", r.out().strip(), network));
        }
    }

    /** The network's bridge on the host (Podman). */
    private static List<String> bridgeOf(String network) {
        return List.of("network", "inspect", "--format", "{{.NetworkInterface}}", network);
    }

    /**
     * Whether the bridges need {@link #isolateFromHost}'s rule, and where: empty on Docker (its bridge has no address)
     * and for a non-root user of a rootful Podman (who cannot have created the network); else whether it is rootless.
     */
    private Optional<Boolean> podmanRootless() {
        if (cli.kind() != EngineKind.PODMAN) {
            return Optional.empty();
        }
        boolean rootless = facts.get().rootless();
        return rootless || EngineCli.byRoot() ? Optional.of(rootless) : Optional.empty();
    }

    void remove(List<String> names) {
        for (String n : names) {
            Result r = cli.call(List.of("network", "rm", n));
            String e = r.err().toLowerCase();
            if (r.code() != 0 && !e.contains("not found") && !e.contains("no such network")) {
                throw cli.failed(List.of("network", "rm", n), r);
            }
        }
    }
}
