package io.paude.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Detects a host firewall that silently breaks podman's internal networks: with br_netfilter loaded and the
 * FORWARD policy DROP (Docker sets both), frames between the agent and its proxy on one podman bridge are dropped,
 * and the agent sees every request time out. The sandbox stays closed; it just does not work.
 */
public final class BridgeFirewall {
    public static final String FIX = "iptables -I FORWARD -i podman+ -m physdev --physdev-is-bridged -j ACCEPT";

    private BridgeFirewall() {
    }

    /** A description of the problem when it is present; empty when absent or when it cannot be determined. */
    public static Optional<String> podmanProblem() {
        try {
            Path nf = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");
            if (!Files.exists(nf) || !Files.readString(nf).strip().equals("1")) {
                return Optional.empty();
            }
            String rules = run(List.of("iptables", "-S", "FORWARD"));
            if (rules == null || !rules.contains("-P FORWARD DROP") || rules.contains("physdev-is-bridged")) {
                return Optional.empty();
            }
            return Optional.of("the host's FORWARD policy is DROP with br_netfilter loaded (Docker does this): "
                    + "the agent cannot reach its proxy on a podman network");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
