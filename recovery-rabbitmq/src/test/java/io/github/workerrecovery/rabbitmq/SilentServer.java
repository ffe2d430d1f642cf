package io.github.workerrecovery.rabbitmq;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server that accepts connections and never says a word: a broker that hangs. Counts the
 * connections it accepted, so a test can also prove that nothing connected at all.
 */
final class SilentServer implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @param userInfo user:password @return an AMQP URI pointing here */
    String uri(String userInfo) {
        return "amqp://" + userInfo + "@127.0.0.1:" + server.getLocalPort() + "/%2f";
    }

    /** @return connections accepted so far */
    int accepted() {
        return accepted.get();
    }

    /** @return an AMQP URI with user info at a port where nothing listens */
    static String closedPortUri(String userInfo) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return "amqp://" + userInfo + "@127.0.0.1:" + port + "/%2f";
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
