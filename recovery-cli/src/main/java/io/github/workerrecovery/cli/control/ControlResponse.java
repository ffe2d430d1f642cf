package io.github.workerrecovery.cli.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.cli.CommandFailure;
import io.github.workerrecovery.json.RecoveryJson;

/**
 * An answer of the daemon's control API.
 *
 * @param status the HTTP status, e.g. 200, or 202 for a recovery still running
 * @param body the JSON body, as sent; an error answer is a {@link ControlMessages.Error}
 */
public record ControlResponse(int status, JsonNode body) {

    /** @return whether the request was carried out or accepted (2xx) */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** @return the error line of a refused request, or a generic one naming the status */
    public String error() {
        String error = null;
        if (body.isObject()) {
            try {
                error = RecoveryJson.bind(body, ControlMessages.Error.class).error();
            } catch (IllegalArgumentException e) {
                // an error member that is not text: fall back to the status
            }
        }
        return error != null ? error : "the daemon answered HTTP " + status;
    }

    /**
     * @param <T> the record type
     * @param type one of the control API's records
     * @return the body as that record
     * @throws CommandFailure when the body is not such a record
     */
    public <T> T as(Class<T> type) {
        return bind(body, type);
    }

    static <T> T bind(JsonNode body, Class<T> type) {
        if (!body.isObject()) {
            throw CommandFailure.of("the daemon's answer is not a JSON object");
        }
        try {
            return RecoveryJson.bind(body, type);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.of("the daemon's answer is not understood: " + e.getMessage());
        }
    }
}
