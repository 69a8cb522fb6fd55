package io.paude.steps.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP service on all of the host's addresses that counts who connected: the target of host-reach attempts. */
public final class HostService implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    public HostService() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::accept, "host-service");
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\nhost-service\n".getBytes());
            } catch (IOException e) {
                return;
            }
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    /** The positive control: the service answers on loopback, so a zero count means nothing arrived. */
    public boolean answersOnLoopback() {
        int before = connections();
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.getInputStream().read();
        } catch (IOException e) {
            return false;
        }
        return connections() == before + 1;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
