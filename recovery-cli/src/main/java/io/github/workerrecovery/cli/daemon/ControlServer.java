package io.github.workerrecovery.cli.daemon;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.workerrecovery.cli.control.ControlFile;
import io.github.workerrecovery.cli.control.ControlMessages;
import io.github.workerrecovery.cli.control.StatusDto;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control API: the JDK's {@link HttpServer} on 127.0.0.1 and a port the system
 * picks, with four endpoints behind a {@link RequestGuard}:
 * <ul>
 *   <li>{@code GET /status}: the {@link StatusDto} of the monitor;
 *   <li>{@code POST /recover}: a manual recovery ({@link RecoverEndpoint});
 *   <li>{@code POST /strategies/import}: merges a strategies export into what the daemon learned
 *       ({@link StrategyImportEndpoint});
 *   <li>{@code POST /stop}: answers 202, then asks the daemon to stop.
 * </ul>
 * A fresh 256-bit token is drawn from {@link SecureRandom} at every start; commands learn it,
 * with the port, from the {@link ControlFile}. Requests are served by a small pool of daemon
 * threads ({@code control-api-N}), so a recovery waiting for its outcome does not hold up a
 * status request.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int TOKEN_BYTES = 32;
    private static final int THREADS = 4;
    private static final int BACKLOG = 16;
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;

    private ControlServer(HttpServer server, ExecutorService executor, String token) {
        this.server = server;
        this.executor = executor;
        this.token = token;
    }

    /**
     * Binds and starts the API.
     *
     * @param recovery the monitor it controls
     * @param onStop called once {@code POST /stop} has been answered
     * @return the running server
     * @throws IOException when it cannot bind
     */
    public static ControlServer start(WorkerAutoRecovery recovery, Runnable onStop) throws IOException {
        String token = newToken();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), 0), BACKLOG);
        RequestGuard guard = new RequestGuard(token);
        serve(server, guard, "/status", "GET",
                exchange -> new Endpoint.Reply(200, StatusDto.of(recovery.getSystemStatus())));
        serve(server, guard, "/recover", "POST", new RecoverEndpoint(recovery));
        serve(server, guard, "/strategies/import", "POST", new StrategyImportEndpoint(recovery));
        serve(server, guard, "/stop", "POST", exchange -> {
            LOG.info("control API: stop requested");
            return new Endpoint.Reply(202, new ControlMessages.Stopping("stopping", ProcessHandle.current().pid()), onStop);
        });
        // everything else, e.g. GET /, still needs the token before it learns what exists
        guarded(server, guard, "/", exchange -> {
            try (exchange) {
                JsonExchange.send(exchange, 404, JsonExchange.error(EndpointHandler.NO_SUCH_ENDPOINT));
            }
        });
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread t = new Thread(task, "control-api-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("control API listening on {}:{}", ControlFile.HOST, server.getAddress().getPort());
        return new ControlServer(server, executor, token);
    }

    /** @return the port the API listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @param pid the daemon's pid
     * @return what commands need to reach this API
     */
    public ControlFile controlFile(long pid) {
        return new ControlFile(pid, port(), token);
    }

    /** @return the token requests need; the dashboard's writes take the same one */
    String token() {
        return token;
    }

    /** Stops accepting requests and ends the API's threads; requests in flight are cut short. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serve(HttpServer server, RequestGuard guard, String path, String method, Endpoint endpoint) {
        guarded(server, guard, path, new EndpointHandler(path, method, endpoint));
    }

    private static void guarded(HttpServer server, RequestGuard guard, String path, HttpHandler handler) {
        HttpContext context = server.createContext(path, handler);
        context.getFilters().add(guard);
    }

    private static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
