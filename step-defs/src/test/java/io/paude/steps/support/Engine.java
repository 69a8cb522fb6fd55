package io.paude.steps.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The suite's own view of the engine, independent of the launcher's adapter: what the engine reports is the
 * evidence, so it is read with plain CLI calls. Fails (never skips) when the engine does not answer.
 */
public final class Engine {
    public static final String NAME = System.getProperty("paude.engine", "docker");
    /**
     * The rootless pass (-Dpaude.rootless=true, .ci/setup-rootless): Podman as an ordinary user on this cgroup v1
     * host, where sessions start only with the opt-in to unenforced limits ({@link Paude}).
     */
    public static final boolean ROOTLESS = Boolean.getBoolean("paude.rootless");
    /**
     * The gVisor pass (-Dpaude.runtime=runsc, .ci/run): every session the suite starts runs its agent under gVisor
     * ({@link Paude} adds {@code --runtime runsc}); empty for the engine's default runtime.
     */
    public static final String RUNTIME = System.getProperty("paude.runtime", "");

    private Engine() {
    }

    public static Cmd.Result cli(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(NAME);
        argv.addAll(Arrays.asList(args));
        return Cmd.run(argv, Map.of(), Duration.ofMinutes(10));
    }

    public static String ok(String... args) {
        Cmd.Result r = cli(args);
        if (r.exit() != 0) {
            throw new AssertionError("engine call failed: " + r);
        }
        return r.out().strip();
    }

    /**
     * The IPv4 range of a network in CIDR notation, as the engine reports it: what a sandbox on it as its egress is
     * given with {@code --allow-private-destinations}, since the test internet lives on a private subnet.
     */
    public static String networkSubnet(String network) {
        String format = NAME.equals("podman") ? "{{range .Subnets}}{{.Subnet}} {{end}}" : "{{range .IPAM.Config}}{{.Subnet}} {{end}}";
        String out = ok("network", "inspect", "--format", format, network);
        return java.util.Arrays.stream(out.split("\\s+")).filter(s -> s.contains(".") && s.contains("/")).findFirst()
                .orElseThrow(() -> new AssertionError("no IPv4 subnet reported for network " + network + ": " + out));
    }

    /**
     * The host's address on the engine's default network (its gateway: docker0's 172.17.0.1, podman's 10.88.0.1),
     * the "host's bridge address" an allowlisted name must not lead to. Where the engine reports no gateway (Docker
     * leaves it out for its default bridge) it is the subnet's first address, which both engines give the host.
     */
    public static String defaultBridgeGateway() {
        String network = NAME.equals("podman") ? "podman" : "bridge";
        return ipv4Gateway(network).orElseGet(() -> {
            String[] subnet = networkSubnet(network).split("/")[0].split("\\.");
            return subnet[0] + "." + subnet[1] + "." + subnet[2] + "." + (Integer.parseInt(subnet[3]) + 1);
        });
    }

    /** The IPv4 gateway of a network as the engine reports it (the host's address there), if it reports one. */
    public static java.util.Optional<String> ipv4Gateway(String network) {
        String format = NAME.equals("podman") ? "{{range .Subnets}}{{.Gateway}} {{end}}" : "{{range .IPAM.Config}}{{.Gateway}} {{end}}";
        String out = ok("network", "inspect", "--format", format, network);
        return java.util.Arrays.stream(out.split("\\s+")).filter(s -> s.matches("[0-9.]+")).findFirst();
    }

    /** The name of a network given by its id or name (Testcontainers knows its networks by id). */
    public static String networkName(String network) {
        return ok("network", "inspect", "--format", "{{.Name}}", network);
    }

    public static String inspect(String object, String format) {
        return ok("inspect", "--format", format, object);
    }

    /** Names of containers (running or not) with the label. */
    public static List<String> containersLabelled(String label) {
        String out = ok("ps", "--all", "--filter", "label=" + label, "--format", "{{.Names}}");
        return out.isBlank() ? List.of() : out.lines().toList();
    }

    public static List<String> networksLabelled(String label) {
        String out = ok("network", "ls", "--filter", "label=" + label, "--format", "{{.Name}}");
        return out.isBlank() ? List.of() : out.lines().toList();
    }

    public static void requireRunning() {
        Cmd.Result r = cli("info");
        if (r.exit() != 0) {
            throw new AssertionError("the container engine '" + NAME + "' does not answer; the suite needs a running engine "
                    + "(see .ci/run).\n" + r);
        }
    }
}
