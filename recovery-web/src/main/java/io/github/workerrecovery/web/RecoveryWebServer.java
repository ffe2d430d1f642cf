package io.github.workerrecovery.web;

import com.sun.net.httpserver.HttpServer;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.web.internal.Router;
import io.github.workerrecovery.web.internal.Sessions;
import io.github.workerrecovery.web.internal.Tokens;
import io.github.workerrecovery.web.internal.WebRoutes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API and dashboard of a {@link WorkerAutoRecovery}, on the JDK's own HTTP server (no
 * dependency): versioned JSON under {@code /api/v1}, the event stream as Server-Sent Events,
 * {@code /metrics} in the Prometheus text format, an OpenAPI document at
 * {@code /api/v1/openapi.json}, and the dashboard at {@code /}. One call embeds it in a host:
 *
 * <pre>{@code
 * try (var recovery = new WorkerAutoRecovery(config);
 *      var web = RecoveryWebServer.start(recovery, WebOptions.defaults().withPort(8089))) {
 *     recovery.startMonitoring();
 *     System.out.println("dashboard on " + web.url() + ", token " + web.token());
 *     ...
 * }
 * }</pre>
 *
 * <p>It listens on 127.0.0.1 unless told otherwise; writes need the token (as a bearer token, or
 * exchanged on the login page for an HttpOnly, SameSite=Strict session cookie, whose writes also
 * carry a CSRF token), reads need a token or a login when {@link WebOptions#tokenForReads()} is on. Requests run on daemon threads
 * ({@code recovery-web-N}), one per request in flight and one per open event stream. The server
 * does not own the engine: close the server, then the engine (or both with try-with-resources).
 */
public final class RecoveryWebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryWebServer.class);
    private static final int BACKLOG = 64;
    private static final int TOKEN_BYTES = 32;
    /** A login ends after this long without a request: a dashboard left open polls every 5 s. */
    private static final Duration SESSION_IDLE = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 256;

    private final HttpServer server;
    private final ExecutorService executor;
    private final WebRoutes routes;
    private final Router router;
    private final String token;

    private RecoveryWebServer(HttpServer server, ExecutorService executor, WebRoutes routes, Router router, String token) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.router = router;
        this.token = token;
    }

    /**
     * Binds and starts the server. The engine may be started before or after.
     *
     * @param recovery the engine to show and control
     * @param options where to listen and what to ask
     * @return the running server
     * @throws IOException when it cannot bind (e.g. the port is taken)
     */
    public static RecoveryWebServer start(WorkerAutoRecovery recovery, WebOptions options) throws IOException {
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(options, "options");
        String token = options.token().orElseGet(RecoveryWebServer::newToken);
        HttpServer server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), BACKLOG);
        Tokens tokens = new Tokens(token, options.readToken().orElse(null));
        Sessions sessions = new Sessions(SESSION_IDLE, MAX_SESSIONS, Clock.systemUTC());
        WebRoutes routes = new WebRoutes(recovery, options.metrics().orElse(null), options.sampleInterval(),
                options.maxEventStreams(), options.heartbeat(), tokens, sessions, options.tokenForReads());
        Router router = new Router(routes.routes(), tokens, sessions, options.tokenForReads(), options.maxBodyBytes());
        server.createContext("/", router);
        AtomicInteger threads = new AtomicInteger();
        // unbounded: requests are short, and the event streams, the long ones, are limited by count
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "recovery-web-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        if (!options.bindAddress().isLoopbackAddress() && !options.tokenForReads()) {
            LOG.warn("web: listening on {} with reads open to anyone who can connect; set tokenForReads",
                    options.bindAddress().getHostAddress());
        }
        RecoveryWebServer web = new RecoveryWebServer(server, executor, routes, router, token);
        LOG.info("web: dashboard and API on {}", web.url());
        return web;
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the dashboard's address, e.g. {@code http://127.0.0.1:8089/} */
    public URI url() {
        String host = server.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** @return the token writes need; never logged */
    public String token() {
        return token;
    }

    /** @return every route served, as {@code METHOD /path} with {@code {name}} segments */
    public List<String> routes() {
        return router.routes().stream().map(r -> r.method() + " " + r.template()).toList();
    }

    /** Ends the event streams, stops listening and ends the server's threads. Idempotent. */
    @Override
    public void close() {
        routes.close();
        server.stop(0);
        executor.shutdownNow();
    }

    private static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
