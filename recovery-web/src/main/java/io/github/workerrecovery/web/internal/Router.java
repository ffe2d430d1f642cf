package io.github.workerrecovery.web.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every {@link Route} from the server's one context: finds the route (404 when no path
 * matches, 405 when only the method differs), checks the caller (a write always needs the write
 * token as a bearer token or a write session with its CSRF token, a read when configured so: 401
 * without either, 403 with a wrong token, a read-only one or a missing CSRF token), runs the
 * handler and answers. Every
 * refusal is one line of JSON ({@code {"error": ...}}); a handler that throws is a 500 naming
 * only the exception's class, never a stack trace on the wire. Every answer carries the security
 * headers (a Content-Security-Policy that allows this origin's scripts and styles only, no
 * sniffing, no caching, no framing).
 */
public final class Router implements HttpHandler {

    /** The Content-Security-Policy of every answer: the dashboard's own files only, no inline code. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String BEARER = "bearer ";

    private final List<Route> routes;
    private final Tokens tokens;
    private final Sessions sessions;
    private final boolean tokenForReads;
    private final int maxBodyBytes;

    /**
     * @param routes the routes, first match wins
     * @param tokens the tokens accepted as bearer tokens
     * @param sessions the logins, for requests carrying a session cookie
     * @param tokenForReads whether reads need a token or a login too
     * @param maxBodyBytes the largest request body accepted
     */
    public Router(List<Route> routes, Tokens tokens, Sessions sessions, boolean tokenForReads, int maxBodyBytes) {
        this.routes = List.copyOf(routes);
        this.tokens = tokens;
        this.sessions = sessions;
        this.tokenForReads = tokenForReads;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** @return the routes served */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            securityHeaders(exchange.getResponseHeaders());
            Reply reply;
            try {
                reply = route(exchange);
            } catch (ApiException e) {
                reply = Reply.error(e.status(), e.getMessage());
            } catch (IOException e) {
                // the client went away mid-answer: nothing left to tell it
                LOG.debug("web: {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e.toString());
                return;
            } catch (RuntimeException e) {
                LOG.warn("web: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                reply = Reply.error(500, "internal error: " + e.getClass().getSimpleName());
            }
            if (reply != Reply.STREAMED) {
                send(exchange, reply);
            }
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = route.match(path);
            if (params == null) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            authorize(exchange, route);
            return route.handler().handle(new Request(exchange, params, maxBodyBytes));
        }
        if (!allowed.isEmpty()) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
            throw new ApiException(405, path + " takes " + String.join(" or ", allowed) + ", not " + method);
        }
        throw new ApiException(404, "no such endpoint: " + printable(path) + " (see /api/v1/openapi.json)");
    }

    private void authorize(HttpExchange exchange, Route route) {
        if (route.access() == Route.Access.PUBLIC || route.access() == Route.Access.READ && !tokenForReads) {
            return;
        }
        boolean write = route.access() == Route.Access.WRITE;
        String path = exchange.getRequestURI().getRawPath();
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            // a bearer token: an API client; a page of another site cannot set this header
            // cross-site (no CORS is ever granted), so it needs no CSRF token
            Tokens.Grant grant = tokens.grant(header.substring(BEARER.length()));
            if (grant == Tokens.Grant.NONE) {
                LOG.warn("web: refused {} {} from {}: wrong token", route.method(), path, exchange.getRemoteAddress());
                throw new ApiException(403, "forbidden: wrong token");
            }
            if (write && grant != Tokens.Grant.WRITE) {
                LOG.warn("web: refused {} {} from {}: read-only token", route.method(), path, exchange.getRemoteAddress());
                throw new ApiException(403, "forbidden: the token allows reads only");
            }
            return;
        }
        Optional<Sessions.Session> session = sessions.find(Request.cookie(exchange.getRequestHeaders(), Sessions.SESSION_COOKIE));
        if (session.isPresent()) {
            if (!write) {
                return;
            }
            if (!session.get().write()) {
                LOG.warn("web: refused {} {} from {}: read-only session", route.method(), path, exchange.getRemoteAddress());
                throw new ApiException(403, "forbidden: this session may only read");
            }
            // the cookie comes with any request the browser makes, a forged one included; the
            // CSRF token only with those of a page that could read it, i.e. ours
            if (!session.get().csrfMatches(exchange.getRequestHeaders().getFirst(Sessions.CSRF_HEADER))) {
                LOG.warn("web: refused {} {} from {}: missing or wrong CSRF token", route.method(), path,
                        exchange.getRemoteAddress());
                throw new ApiException(403, "forbidden: missing or wrong " + Sessions.CSRF_HEADER + " header");
            }
            return;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        LOG.warn("web: refused {} {} from {}: not logged in, no bearer token", route.method(), path, exchange.getRemoteAddress());
        String what = write ? "a write needs" : "reads on this server need";
        throw new ApiException(401, "unauthorized: " + what + " 'Authorization: Bearer <token>' or a login at /login");
    }

    private static void securityHeaders(Headers headers) {
        headers.set("Content-Security-Policy", CSP);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
    }

    /**
     * @param exchange an exchange not yet answered
     * @param reply the answer
     * @throws IOException when the client has gone
     */
    static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        byte[] body = reply.body();
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(reply.status(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Text from a request echoed in an answer: control characters could forge log lines. */
    static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    /** @return the routes as {@code METHOD template} lines, for messages and tests */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        routes.forEach(r -> lines.add(r.method() + " " + r.template()));
        return lines;
    }
}
