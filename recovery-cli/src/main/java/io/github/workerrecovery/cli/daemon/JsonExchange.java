package io.github.workerrecovery.cli.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.workerrecovery.cli.control.ControlMessages;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading JSON requests and writing JSON answers on the control API's exchanges. */
final class JsonExchange {

    /** Larger request bodies are refused: a control request is a few dozen bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private JsonExchange() {
    }

    /**
     * @param message one line
     * @return {@code {"error": message}}
     */
    static ControlMessages.Error error(String message) {
        return new ControlMessages.Error(message);
    }

    /**
     * Sends a complete JSON answer and closes the exchange.
     *
     * @param exchange the exchange
     * @param status the HTTP status
     * @param body the JSON body: a record of the one mapping
     * @throws IOException when the client has gone
     */
    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = RecoveryJson.mapper().writeValueAsBytes(body);
        byte[] bytes = new byte[json.length + 1];
        System.arraycopy(json, 0, bytes, 0, json.length);
        bytes[json.length] = '\n';
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * @param <T> the request's record type
     * @param exchange a request with a JSON object as its body
     * @param type the request's record type
     * @return the request
     * @throws BadRequest when the body is too large, not JSON, not an object, or a member has the wrong type
     * @throws IOException when the body cannot be read
     */
    static <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
        JsonNode node = readObject(exchange);
        try {
            return RecoveryJson.bind(node, type);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
    }

    /**
     * @param exchange a request with a JSON object as its body
     * @return the object
     * @throws BadRequest when the body is too large, not JSON, or not an object
     * @throws IOException when the body cannot be read
     */
    private static JsonNode readObject(HttpExchange exchange) throws IOException {
        byte[] body = readBytes(exchange, MAX_BODY_BYTES);
        JsonNode node;
        try {
            node = RecoveryJson.parse(body, false);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "request body is not JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw new BadRequest(400, "request body must be a JSON object");
        }
        return node;
    }

    /**
     * @param exchange a request
     * @param maxBytes the largest body accepted
     * @return the body
     * @throws BadRequest (413) when the body is larger than {@code maxBytes}
     * @throws IOException when the body cannot be read
     */
    static byte[] readBytes(HttpExchange exchange, int maxBytes) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            throw new BadRequest(413, "request body larger than " + maxBytes + " bytes");
        }
        return body;
    }

    /** A request the endpoint refuses with a 4xx status and a one-line reason. */
    static final class BadRequest extends IOException {
        private final int status;

        BadRequest(int status, String message) {
            super(message.replaceAll("[\\r\\n]+", " "));
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
