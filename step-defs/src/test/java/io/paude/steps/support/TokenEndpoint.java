package io.paude.steps.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for Google's OAuth token endpoint on this machine's loopback (the launcher mints Vertex AI access tokens
 * on the host, never in the sandbox): it takes a refresh-token grant and answers a new access token,
 * {@code ya29.paude-test-access-N}, valid for a fixed number of seconds. It records every request body.
 */
public final class TokenEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final List<String> issued = new ArrayList<>();

    public TokenEndpoint(int lifetimeSeconds) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token;
            synchronized (this) {
                requests.add(body);
                token = "ya29.paude-test-access-" + (issued.size() + 1);
                issued.add(token);
            }
            byte[] answer = ("{\"access_token\":\"" + token + "\",\"expires_in\":" + lifetimeSeconds
                    + ",\"token_type\":\"Bearer\"}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        server.start();
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<String> issued() {
        return List.copyOf(issued);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
