package io.paude.steps.support;

import java.util.List;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The git forge of the test internet (images/fixtures/git) under the name {@link #HOST}: anonymous HTTPS fetch,
 * push only with the fixture's credentials (401 otherwise), and an sshd that accepts one key that never leaves the
 * fixture. Its log has one line per HTTPS request: evidence of what reached the server and what it answered.
 */
public final class GitServer {
    public static final String HOST = "gitlab.com";
    /** The only credentials the server accepts for a push; a scenario puts them into a remote URL on purpose. */
    public static final String USER = "fixture";
    public static final String TOKEN = "fixture-token-0123456789abcdef";

    private final GenericContainer<?> container;
    private final String caPem;

    private GitServer(GenericContainer<?> container, String caPem) {
        this.container = container;
        this.caPem = caPem;
    }

    static GitServer start(Network network) {
        GenericContainer<?> c = TestInternet.fixture(network, TestImages.FIXTURE_GIT, "fixture-git", "fixture-git").withNetworkAliases(HOST);
        c.start();
        return new GitServer(c, exec(c, "cat", "/fixture/ca.pem").getStdout());
    }

    public String caPem() {
        return caPem;
    }

    public String log() {
        return container.getLogs();
    }

    public String address() {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    /** Runs a shell command inside the server (its own side of the positive controls). */
    public Container.ExecResult shell(String command) {
        return exec(container, "sh", "-c", command);
    }

    private static Container.ExecResult exec(GenericContainer<?> c, String... argv) {
        try {
            return c.execInContainer(argv);
        } catch (Exception e) {
            throw new AssertionError("cannot run " + List.of(argv) + " in the git fixture", e);
        }
    }

    void close() {
        try {
            container.stop();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
