package io.github.workerrecovery.web.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operation of the server: a method, a path template whose {@code {name}} segments match
 * one non-empty path segment each, whether it reads or writes, and its handler.
 *
 * @param method the HTTP method, upper case
 * @param template the path, e.g. {@code /api/v1/instances/{worker}/{slot}}
 * @param access whether it changes anything (writes always need the token)
 * @param handler the handler
 */
public record Route(String method, String template, Access access, Handler handler) {

    /** What a route does to the engine, for the token check. */
    public enum Access {
        /** Open to anyone: the login page and its files, the login itself, the session's state. */
        PUBLIC,
        /** Reads only: open unless the server is configured to want the token for reads too. */
        READ,
        /**
         * Changes something: needs the write token as a bearer token, or a write session (its
         * cookie) with its CSRF token in the {@code X-CSRF-Token} header.
         */
        WRITE
    }

    /** Answers a request that matched its route. */
    @FunctionalInterface
    public interface Handler {

        /**
         * @param request the request
         * @return the answer, or {@link Reply#STREAMED} when the handler answered itself
         * @throws IOException when the client has gone or the body cannot be read
         * @throws ApiException when the request is refused
         */
        Reply handle(Request request) throws IOException;
    }

    /** Checks the parts. */
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
    }

    /**
     * @param rawPath the request's raw path
     * @return the values of the template's {@code {name}} segments, or null when the path does not match
     */
    Map<String, String> match(String rawPath) {
        List<String> want = segments(template);
        List<String> got = segments(rawPath);
        if (want.size() != got.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            String g = got.get(i);
            if (w.startsWith("{") && w.endsWith("}")) {
                if (g.isEmpty()) {
                    return null;
                }
                params.put(w.substring(1, w.length() - 1), decode(g));
            } else if (!w.equals(g)) {
                return null;
            }
        }
        return params;
    }

    private static List<String> segments(String path) {
        return List.of(path.split("/", -1));
    }

    private static String decode(String segment) {
        try {
            // '+' is a plus in a path, not a space
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "malformed path segment: " + e.getMessage());
        }
    }
}
