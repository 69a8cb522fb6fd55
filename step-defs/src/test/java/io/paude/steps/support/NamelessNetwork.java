package io.paude.steps.support;

/**
 * An internal Podman network created without DNS, as Podman's CNI backend without a DNS plugin makes every network
 * on a machine where podman was installed without netavark and aardvark-dns: the fixture web server is on it under
 * the alias {@code example.com}, and nothing on the network can resolve that alias. Podman only: Docker's
 * user-defined networks always resolve names.
 */
public final class NamelessNetwork implements AutoCloseable {
    private final String name;
    private final String fixture;

    public NamelessNetwork() {
        if (!Engine.NAME.equals("podman")) {
            throw new AssertionError("a network without DNS is a Podman condition; this scenario is tagged @podman-only");
        }
        String id = Long.toHexString(System.nanoTime());
        name = "paude-test-nodns-" + id;
        fixture = name + "-web";
        Engine.ok("network", "create", "--internal", "--disable-dns", "--label", "paude.test=egress", name);
        Engine.ok("run", "-d", "--name", fixture, "--label", "paude.test=fixture-web", "--network", name,
                "--network-alias", "example.com", "--ulimit", "nofile=1024:4096", "--ulimit", "nproc=1024:4096",
                TestImages.FIXTURE_WEB);
    }

    public String name() {
        return name;
    }

    /** Its IPv4 subnet, opened to the sandbox like the test internet's. */
    public String subnet() {
        return Engine.networkSubnet(name);
    }

    /** What the engine reports of the network's name resolution. */
    public String dnsEnabled() {
        return Engine.ok("network", "inspect", "--format", "{{.DNSEnabled}}", name);
    }

    @Override
    public void close() {
        Engine.cli("rm", "--force", "--time", "0", fixture);
        Engine.cli("network", "rm", name);
    }
}
