package io.github.workerrecovery.cli.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading JSON requests and writing JSON answers on the control API's exchanges. */
final class JsonExchange {

    /** Larger request bodies are refused: a control request is a few dozen bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonExchange() {
    }

    /**
     * @param message one line
     * @return {@code {"error": message}}
     */
    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    /** @return an empty JSON object to fill */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Sends a complete JSON answer and closes the exchange.
     *
     * @param exchange the exchange
     * @param status the HTTP status
     * @param body the JSON body
     * @throws IOException when the client has gone
     */
    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(body);
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
     * @param exchange a request with a JSON object as its body
     * @return the object
     * @throws BadRequest when the body is too large, not JSON, or not an object
     * @throws IOException when the body cannot be read
     */
    static JsonNode readObject(HttpExchange exchange) throws IOException {
        byte[] body = readBytes(exchange, MAX_BODY_BYTES);
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "request body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
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
