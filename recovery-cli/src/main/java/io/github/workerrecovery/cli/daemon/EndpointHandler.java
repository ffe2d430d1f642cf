package io.github.workerrecovery.cli.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link Endpoint} on one exact path and method: anything under the path is 404,
 * another method 405, a bad request its 4xx, and an endpoint that throws 500 with one line,
 * never a stack trace on the wire.
 */
final class EndpointHandler implements HttpHandler {

    /** The answer to a path that is not an endpoint. */
    static final String NO_SUCH_ENDPOINT = "no such endpoint (known: GET /status, POST /recover, POST /strategies/import, POST /stop)";

    private static final Logger LOG = LoggerFactory.getLogger(EndpointHandler.class);

    private final String path;
    private final String method;
    private final Endpoint endpoint;

    EndpointHandler(String path, String method, Endpoint endpoint) {
        this.path = path;
        this.method = method;
        this.endpoint = endpoint;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Endpoint.Reply reply = reply(exchange);
            JsonExchange.send(exchange, reply.status(), reply.body());
            reply.afterSent().run();
        }
    }

    private Endpoint.Reply reply(HttpExchange exchange) {
        // an HttpServer context also receives every path below its own
        if (!exchange.getRequestURI().getPath().equals(path)) {
            return Endpoint.Reply.error(404, NO_SUCH_ENDPOINT);
        }
        if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            return Endpoint.Reply.error(405, path + " takes " + method);
        }
        try {
            return endpoint.handle(exchange);
        } catch (JsonExchange.BadRequest e) {
            return Endpoint.Reply.error(e.status(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("control API: {} {} failed", method, path, e);
            return Endpoint.Reply.error(500, "internal error: " + e.getClass().getSimpleName());
        }
    }
}
