package io.paude.steps.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The recording resolver of the test internet (images/fixtures/dns) and the two hosts of the domain-fronting
 * scenarios. A sandbox started with {@code --proxy-dns} {@link #address()} resolves through it, so its log shows
 * every name that reached a resolver. It answers the fixture names with the web fixture's address, except:
 * {@link #FRONT} (allowlisted by the scenarios) is a web fixture of its own, and {@link #EVIL} and every name below it are
 * another one, so "the bytes reached only the allowlisted host" can be read off two separate logs. Both are
 * instances of the web fixture image, which logs the SNI of every TLS hello.
 */
public final class FixtureDns {
    /** An allowlisted name (the scenarios allow it by name) used as the front of a fronting attempt. */
    public static final String FRONT = "front.googleapis.com";
    /** The fronted (denied) name, and the parent of every name below it. */
    public static final String EVIL = "evil.com";

    /**
     * Names the scenarios allowlist (below {@code googleapis.com}) that this resolver answers with an address no allowlisted
     * name may lead to: the cloud metadata address, loopback, and the host's address on the engine's default bridge.
     * Keyed by the name, the value says which address it is answered with ({@link #privateAnswer}).
     */
    public static final Map<String, String> PRIVATE_NAMES = Map.of(
            "private-metadata.googleapis.com", "the metadata address",
            "private-loopback.googleapis.com", "loopback",
            "private-host.googleapis.com", "the host's bridge address");

    private static final Pattern QUERY = Pattern.compile("fixture-dns query client=(\\S+) proto=(\\S+) name=(\\S+) type=(\\S+) .*");
    private static final Pattern HELLO = Pattern.compile("fixture-web tls-hello port=(\\d+) client=(\\S+) sni=(\\S+)");
    private static final Pattern REQUEST = Pattern.compile("fixture-web port=\\d+ scheme=\\S+ client=(\\S+) fixture-web host=(\\S+) .*");

    /** One query the resolver received. */
    public record Query(String client, String proto, String name, String type) {
    }

    /** One TLS hello a web fixture received: which name the client asked this address for. */
    public record Hello(String client, String sni) {
    }

    /** One HTTP request a web fixture answered: from whom, for which Host. */
    public record Request(String client, String host) {
    }

    private final GenericContainer<?> dns;
    private final GenericContainer<?> front;
    private final GenericContainer<?> evil;

    private FixtureDns(GenericContainer<?> dns, GenericContainer<?> front, GenericContainer<?> evil) {
        this.dns = dns;
        this.front = front;
        this.evil = evil;
    }

    static FixtureDns start(Network network, String webAddress, String registryAddress) {
        GenericContainer<?> front = web(network, "fixture-front");
        GenericContainer<?> evil = web(network, "fixture-evil");
        front.start();
        evil.start();
        Map<String, String> records = new LinkedHashMap<>();
        TestInternet.NAMES.forEach(n -> records.put(n, webAddress));
        TestInternet.REGISTRY_NAMES.forEach(n -> records.put(n, registryAddress));
        records.put(FRONT, address(front));
        records.put(EVIL, address(evil));
        records.put("*." + EVIL, address(evil));
        PRIVATE_NAMES.keySet().forEach(n -> records.put(n, privateAnswer(n)));
        String spec = String.join(",", records.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        GenericContainer<?> dns = TestInternet.fixture(network, TestImages.FIXTURE_DNS, "fixture-dns", "fixture-dns")
                .withEnv("FIXTURE_DNS_RECORDS", spec);
        dns.start();
        return new FixtureDns(dns, front, evil);
    }

    private static GenericContainer<?> web(Network network, String label) {
        return TestInternet.fixture(network, TestImages.FIXTURE_WEB, label, "fixture-web");
    }

    /** The private address this resolver answers for one of {@link #PRIVATE_NAMES}. */
    public static String privateAnswer(String name) {
        return switch (PRIVATE_NAMES.getOrDefault(name, "")) {
            case "the metadata address" -> "169.254.169.254";
            case "loopback" -> "127.0.0.1";
            case "the host's bridge address" -> Engine.defaultBridgeGateway();
            default -> throw new IllegalArgumentException("not a private name of the fixture: " + name);
        };
    }

    /** The resolver's address, as given to {@code --proxy-dns}. */
    public String address() {
        return address(dns);
    }

    /** Every query received so far, by any client. */
    public List<Query> queries() {
        return dns.getLogs().lines().map(QUERY::matcher).filter(Matcher::matches)
                .map(m -> new Query(m.group(1), m.group(2), m.group(3), m.group(4))).toList();
    }

    public String log() {
        return dns.getLogs();
    }

    public List<Hello> frontHellos() {
        return hellos(front);
    }

    public List<Request> frontRequests() {
        return requests(front);
    }

    public List<Hello> evilHellos() {
        return hellos(evil);
    }

    public List<Request> evilRequests() {
        return requests(evil);
    }

    public String frontLog() {
        return front.getLogs();
    }

    public String evilLog() {
        return evil.getLogs();
    }

    /**
     * The evil fixture's own side of the control: a TLS hello naming {@link #EVIL} sent to it from inside its
     * container (client 127.0.0.1), so "it received nothing from the proxy" cannot come from a fixture that logs nothing.
     */
    public void helloToEvilFromItself() {
        try {
            var r = evil.execInContainer("sh", "-c",
                    "openssl s_client -connect 127.0.0.1:443 -servername " + EVIL + " </dev/null >/dev/null 2>&1; echo done");
            if (!r.getStdout().contains("done")) {
                throw new AssertionError("cannot run openssl in the evil fixture: " + r.getStderr());
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot exec in the evil fixture", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<Hello> hellos(GenericContainer<?> c) {
        return c.getLogs().lines().map(HELLO::matcher).filter(Matcher::find).map(m -> new Hello(m.group(2), m.group(3))).toList();
    }

    private static List<Request> requests(GenericContainer<?> c) {
        return c.getLogs().lines().map(REQUEST::matcher).filter(Matcher::matches).map(m -> new Request(m.group(1), m.group(2)))
                .toList();
    }

    private static String address(GenericContainer<?> c) {
        return c.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    void close() {
        for (GenericContainer<?> c : List.of(dns, front, evil)) {
            try {
                c.stop();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }
}
