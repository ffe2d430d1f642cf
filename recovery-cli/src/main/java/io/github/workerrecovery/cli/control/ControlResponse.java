package io.github.workerrecovery.cli.control;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer of the daemon's control API.
 *
 * @param status the HTTP status, e.g. 200, or 202 for a recovery still running
 * @param body the JSON body; an error answer has one field, {@code error}, a single line
 */
public record ControlResponse(int status, JsonNode body) {

    /** @return whether the request was carried out or accepted (2xx) */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** @return the error line of a refused request, or a generic one naming the status */
    public String error() {
        JsonNode error = body.get("error");
        return error != null && error.isTextual() ? error.asText() : "the daemon answered HTTP " + status;
    }
}
