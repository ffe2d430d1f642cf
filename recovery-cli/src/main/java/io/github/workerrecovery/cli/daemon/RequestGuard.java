package io.github.workerrecovery.cli.daemon;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a control request through only when it comes from a loopback address (else 403) and
 * carries {@code Authorization: Bearer <token>} with the daemon's token (else 401). Every
 * refusal is logged at WARN with the method, path and remote address, never with a token. The
 * token is compared in constant time, so that response timing does not reveal how much of a
 * guess was right.
 */
final class RequestGuard extends Filter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
    private static final String SCHEME = "bearer ";

    private final byte[] token;

    /** @param token the token every request must present */
    RequestGuard(String token) {
        this.token = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        InetSocketAddress remote = exchange.getRemoteAddress();
        InetAddress address = remote == null ? null : remote.getAddress();
        // The server listens on 127.0.0.1 only; this check stays in case that ever changes.
        if (address == null || !address.isLoopbackAddress()) {
            refuse(exchange, 403, "forbidden: the control API answers loopback clients only", "not a loopback address");
            return;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            refuse(exchange, 401, "unauthorized: a bearer token is required", "no bearer token");
            return;
        }
        byte[] presented = header.substring(SCHEME.length()).strip().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(token, presented)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            refuse(exchange, 401, "unauthorized: wrong token", "wrong token");
            return;
        }
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "loopback address and bearer token";
    }

    private static void refuse(HttpExchange exchange, int status, String answer, String why) throws IOException {
        LOG.warn("control API: refused {} {} from {}: {}", exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getRawPath(), exchange.getRemoteAddress(), why);
        JsonExchange.send(exchange, status, JsonExchange.error(answer));
    }
}
