package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.json.RecoveryJson;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete answer: status, content type and body. A handler that streams its answer itself
 * (Server-Sent Events) returns {@link #STREAMED}.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type
 * @param body the bytes
 */
public record Reply(int status, String contentType, byte[] body) {

    /** The handler has answered on the exchange itself. */
    public static final Reply STREAMED = new Reply(0, "", new byte[0]);

    static final String JSON = "application/json; charset=utf-8";

    /**
     * @param status the HTTP status
     * @param dto a record of the one mapping, a map or a JSON tree
     * @return the JSON answer, one line and a newline
     */
    public static Reply json(int status, Object dto) {
        try {
            byte[] json = RecoveryJson.mapper().writeValueAsBytes(dto);
            byte[] bytes = new byte[json.length + 1];
            System.arraycopy(json, 0, bytes, 0, json.length);
            bytes[json.length] = '\n';
            return new Reply(status, JSON, bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param status a 4xx or 5xx status
     * @param message one line
     * @return {@code {"error": message}}
     */
    public static Reply error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /**
     * @param contentType the Content-Type
     * @param text the body
     * @return a 200 answer
     */
    public static Reply text(String contentType, String text) {
        return new Reply(200, contentType, text.getBytes(StandardCharsets.UTF_8));
    }
}
