package io.paude.steps.support;

import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The "internet" of the tests: an internal network (no route anywhere) holding a fixture web server that answers
 * for every name in {@link #NAMES}, and a fixture package registry that answers for {@link #REGISTRY_NAMES} (one
 * container per name, so no alias resolves to two servers). The proxy of every test sandbox joins it as its egress network, so no test
 * traffic can reach a real host. Started once per run, removed by a shutdown hook and by {@link #close()}.
 */
public final class TestInternet {
    /**
     * Names served by the fixture: hosts the scenarios allowlist, hosts they do not, lookalikes, and Google's endpoints
     * that take uploads from anyone (Cloud Storage, Apps Script, Forms: features/exfiltration-google.feature).
     */
    public static final List<String> NAMES = List.of(
            "oauth2.googleapis.com", "www.googleapis.com", "accounts.google.com", "evil.com", "example.com",
            "googleapis.com.evil.com", "evilgoogleapis.com", "github.com", "fixture.test",
            "storage.googleapis.com", "script.google.com", "docs.google.com");

    /** Names served by the registry fixture: the hosts of the {@code npm} and {@code pypi} allowlist aliases. */
    public static final List<String> REGISTRY_NAMES = List.of("registry.npmjs.org", "pypi.org", "files.pythonhosted.org");

    private static TestInternet instance;
    private static AssertionError failure;

    private final Network network;
    private final GenericContainer<?> web;
    private final GenericContainer<?> registry;
    private final String caPem;
    private GitServer git;
    private FixtureDns dns;
    private ScriptedModel model;
    private String subnet;

    private TestInternet() {
        network = Network.builder().createNetworkCmdModifier(c -> c.withInternal(true)
                .withLabels(java.util.Map.of("paude.test", "egress"))).build();
        web = fixture(network, TestImages.FIXTURE_WEB, "fixture-web", "fixture-web").withNetworkAliases(NAMES.toArray(String[]::new));
        registry = fixture(network, TestImages.FIXTURE_REGISTRY, "fixture-registry", "fixture-registry")
                .withNetworkAliases(REGISTRY_NAMES.toArray(String[]::new));
        web.start();
        registry.start();
        try {
            // One bundle with both test CAs: curl --cacert, NODE_EXTRA_CA_CERTS and PIP_CERT all take a bundle.
            caPem = web.execInContainer("cat", "/fixture/ca.pem").getStdout()
                    + registry.execInContainer("cat", "/fixture/ca.pem").getStdout();
        } catch (Exception e) {
            throw new AssertionError("cannot read the fixture CA", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    public static synchronized TestInternet get() {
        if (failure != null) {
            throw failure;
        }
        if (instance == null) {
            try {
                TestImages.ensure();
                instance = new TestInternet();
            } catch (RuntimeException | AssertionError e) {
                // Fail every later scenario at once with the same cause instead of retrying a broken set-up.
                failure = new AssertionError("the test internet could not be started: " + e.getMessage(), e);
                throw failure;
            }
        }
        return instance;
    }

    /**
     * A fixture container of {@code image} on {@code network}, labelled {@code paude.test=label}, with the explicit
     * limits, and ready when it logs "{@code ready} ready"; not started yet.
     */
    static GenericContainer<?> fixture(Network network, String image, String label, String ready) {
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withLabel("paude.test", label)
                .withCreateContainerCmdModifier(TestInternet::explicitLimits)
                .waitingFor(Wait.forLogMessage(".*" + ready + " ready.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
    }

    /**
     * Explicit ulimits for fixture containers: podman refuses to start containers whose default limits exceed
     * what its runtime may set (podman 4.3 with runc), and paude sets them explicitly for its own containers too.
     */
    static void explicitLimits(com.github.dockerjava.api.command.CreateContainerCmd cmd) {
        cmd.getHostConfig().withUlimits(new com.github.dockerjava.api.model.Ulimit[] {
            new com.github.dockerjava.api.model.Ulimit("nofile", 1024L, 4096L),
            new com.github.dockerjava.api.model.Ulimit("nproc", 1024L, 4096L)});
    }

    /** The engine's name or id of the egress network, as given to {@code --egress-network}. */
    public String networkName() {
        return network.getId();
    }

    /**
     * The network's IPv4 subnet: every fixture lives on it, a private range, so each sandbox of the suite opens it
     * with {@code --allow-private-destinations} (the exception a company intranet needs as well).
     */
    public synchronized String subnet() {
        if (subnet == null) {
            subnet = Engine.networkSubnet(network.getId());
        }
        return subnet;
    }

    /** The fixture's address: a raw-IP destination for the tests that try one. */
    public String webAddress() {
        return web.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    public String caPem() {
        return caPem;
    }

    /** What the fixture server has logged: evidence of which requests reached "the internet". */
    public String webLog() {
        return web.getLogs();
    }

    /** What the registry fixture has logged: which package requests reached "the internet". */
    public String registryLog() {
        return registry.getLogs();
    }

    /** The git forge of the test internet (alias {@link GitServer#HOST}), started on first use. */
    public synchronized GitServer gitServer() {
        if (git == null) {
            TestImages.buildFixture(TestImages.FIXTURE_GIT, Suite.repo().resolve("images/fixtures/git"));
            git = GitServer.start(network);
        }
        return git;
    }

    /**
     * The recording resolver of the test internet and the two hosts of the domain-fronting scenarios (see
     * {@link FixtureDns}), started on first use: only sandboxes started with {@code --proxy-dns} use it.
     */
    public synchronized FixtureDns dns() {
        if (dns == null) {
            TestImages.buildFixture(TestImages.FIXTURE_DNS, Suite.repo().resolve("images/fixtures/dns"));
            dns = FixtureDns.start(network, webAddress(), registryAddress());
        }
        return dns;
    }

    /** The scripted model of the test internet (names {@link ScriptedModel#NAMES}), started on first use. */
    public synchronized ScriptedModel model() {
        if (model == null) {
            TestImages.buildFixture(TestImages.FIXTURE_MODEL, Suite.repo().resolve("images/fixtures/model"));
            model = ScriptedModel.start(network);
        }
        return model;
    }

    /** The registry fixture's address. */
    public String registryAddress() {
        return registry.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    public synchronized void close() {
        if (model != null) {
            model.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (git != null) {
            git.close();
        }
        try {
            registry.stop();
        } catch (RuntimeException ignored) {
            // already gone
        }
        try {
            web.stop();
        } catch (RuntimeException ignored) {
            // already gone
        }
        try {
            network.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
