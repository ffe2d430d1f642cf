package io.github.workerrecovery.bench.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that accepts every connection, reads nothing and never answers: what an
 * {@code http} probe or a webhook notifier meets when the far side hangs.
 */
final class SilentServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentServer() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptForever, "chaos-silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return connections accepted so far */
    int accepted() {
        return held.size();
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                // kept open, never read from or written to: the client waits for its own timeout
                held.add(server.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
