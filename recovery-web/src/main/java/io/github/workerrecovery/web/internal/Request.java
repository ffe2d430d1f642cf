package io.github.workerrecovery.web.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a route sees it: the exchange, the values of the path's {@code {name}}
 * segments and the query parameters (the first of each name).
 */
public final class Request {

    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final int maxBodyBytes;

    Request(HttpExchange exchange, Map<String, String> pathParams, int maxBodyBytes) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
        this.maxBodyBytes = maxBodyBytes;
    }

    /** @return the exchange, for handlers that stream */
    public HttpExchange exchange() {
        return exchange;
    }

    /**
     * @param name a {@code {name}} segment of the route's path
     * @return its decoded value
     */
    public String path(String name) {
        return pathParams.get(name);
    }

    /**
     * @param name a query parameter
     * @return its first value, when present and not empty
     */
    public Optional<String> query(String name) {
        String value = query.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** @return the names of the query parameters given */
    public java.util.Set<String> queryNames() {
        return query.keySet();
    }

    /**
     * @param name a header
     * @return its first value
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    /**
     * @param name a cookie
     * @return its value, when the request carries it
     */
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookie(exchange.getRequestHeaders(), name));
    }

    /**
     * @param headers a request's headers
     * @param name a cookie
     * @return its value in the {@code Cookie} headers, or null
     */
    static String cookie(com.sun.net.httpserver.Headers headers, String name) {
        java.util.List<String> lines = headers.get("Cookie");
        if (lines == null) {
            return null;
        }
        for (String line : lines) {
            for (String pair : line.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return pair.substring(eq + 1).strip();
                }
            }
        }
        return null;
    }

    /**
     * @return the body
     * @throws ApiException (413) when it is larger than the limit
     * @throws IOException when it cannot be read
     */
    public byte[] body() throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            throw new ApiException(413, "request body larger than " + maxBodyBytes + " bytes");
        }
        return body;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "malformed query string: " + e.getMessage());
        }
    }
}
