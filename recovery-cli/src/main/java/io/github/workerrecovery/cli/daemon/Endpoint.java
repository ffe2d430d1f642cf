package io.github.workerrecovery.cli.daemon;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** One operation of the control API; {@link EndpointHandler} checks the method and path first. */
@FunctionalInterface
interface Endpoint {

    /**
     * @param exchange an authenticated request on the endpoint's method and path
     * @return the answer
     * @throws IOException when the request cannot be read; a {@link JsonExchange.BadRequest}
     *     becomes its 4xx answer
     */
    Reply handle(HttpExchange exchange) throws IOException;

    /**
     * An endpoint's answer.
     *
     * @param status the HTTP status
     * @param body the JSON body: a record of the one mapping (or a JSON tree)
     * @param afterSent what to do once the answer has reached the client (e.g. stop the daemon)
     */
    record Reply(int status, Object body, Runnable afterSent) {

        /**
         * @param status the HTTP status
         * @param body the JSON body
         */
        Reply(int status, Object body) {
            this(status, body, () -> { });
        }

        /**
         * @param status a 4xx or 5xx status
         * @param message one line
         * @return an error answer
         */
        static Reply error(int status, String message) {
            return new Reply(status, JsonExchange.error(message));
        }
    }
}
