package io.paude.gateway;

import io.paude.plan.Planner;
import io.paude.proxy.SquidConfig;
import io.paude.runtime.ContainerEngine;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Puts the gateway's credential into the proxy and, for a credential that expires (Vertex AI's access tokens), puts a
 * new one there at half of each token's lifetime for as long as the launcher process that started it runs (the
 * foreground session, or one {@code paude exec}). The value goes to the proxy's tmpfs through the engine's standard
 * input: it is in no command line, no environment, no inspect output and no file on the host.
 */
public final class GatewayKeeper implements AutoCloseable {
    /** The proxy's side of a delivery: write the new value beside the old one, then replace it in one rename. */
    static final List<String> WRITE = List.of("sh", "-c", "umask 077 && cat > " + SquidConfig.CREDENTIAL_FILE + ".new && mv -f "
            + SquidConfig.CREDENTIAL_FILE + ".new " + SquidConfig.CREDENTIAL_FILE);
    /** After a failed renewal, the next try. */
    static final Duration RETRY = Duration.ofSeconds(20);

    private final Thread renewer;

    private GatewayKeeper(Thread renewer) {
        this.renewer = renewer;
    }

    /** A keeper with nothing to keep. */
    public static GatewayKeeper none() {
        return new GatewayKeeper(null);
    }

    /** Delivers a credential of {@code source} to {@code proxy} now; then renews it while this keeper is open. */
    public static GatewayKeeper start(ContainerEngine engine, String proxy, CredentialSource source, PrintWriter err) {
        Credential first = source.fetch();
        deliver(engine, proxy, first);
        if (!source.renews()) {
            return new GatewayKeeper(null);
        }
        Thread t = new Thread(() -> renewLoop(engine, proxy, source, first, err, Clock.systemUTC()), "paude-gateway-renewal");
        t.setDaemon(true);
        t.start();
        return new GatewayKeeper(t);
    }

    static void deliver(ContainerEngine engine, String proxy, Credential c) {
        engine.execInput(proxy, Planner.PROXY_USER, WRITE, c.value().getBytes(StandardCharsets.US_ASCII));
    }

    /** When to renew a credential minted at {@code minted} that expires at {@code expires}: at half its lifetime. */
    static Instant renewAt(Instant minted, Instant expires) {
        return minted.plus(Duration.between(minted, expires).dividedBy(2));
    }

    private static void renewLoop(ContainerEngine engine, String proxy, CredentialSource source, Credential first,
            PrintWriter err, Clock clock) {
        Instant minted = clock.instant();
        Credential current = first;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Instant from = minted;
                Instant at = current.expires().map(e -> renewAt(from, e)).orElse(clock.instant().plus(RETRY));
                Thread.sleep(Math.max(0, Duration.between(clock.instant(), at).toMillis()));
                try {
                    Credential next = source.fetch();
                    deliver(engine, proxy, next);
                    current = next;
                    minted = clock.instant();
                } catch (RuntimeException e) {
                    err.println("paude: warning: the model gateway's access token was not renewed (" + e.getMessage()
                            + "); trying again in " + RETRY.toSeconds() + " s");
                    err.flush();
                    current = new Credential(current.value(), java.util.Optional.of(clock.instant().plus(RETRY.multipliedBy(2))));
                    minted = clock.instant();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (renewer != null) {
            renewer.interrupt();
        }
    }
}
