package io.github.workerrecovery.api;

import java.util.Objects;

/**
 * What an action reports it did. {@code completed} says the action ran to its end, not that
 * the worker is healthy: the engine's verifier decides that.
 *
 * @param completed whether the action did what it set out to do
 * @param detail one line saying what was done, e.g. {@code "sent SIGHUP to pid 4242"}
 */
public record ActionResult(boolean completed, String detail) {

    /** Rejects a null detail. */
    public ActionResult {
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * @param detail what was done
     * @return a completed result
     */
    public static ActionResult done(String detail) {
        return new ActionResult(true, detail);
    }

    /**
     * @param reason why the action could not do its job
     * @return a result that is not completed
     */
    public static ActionResult refused(String reason) {
        return new ActionResult(false, reason);
    }
}
