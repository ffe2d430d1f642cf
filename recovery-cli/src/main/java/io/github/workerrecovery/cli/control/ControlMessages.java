package io.github.workerrecovery.cli.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.github.workerrecovery.json.InstanceOutcomeDto;

/**
 * The bodies of the control API besides the status ({@link StatusDto}), as records that the daemon
 * writes and the commands read through the one JSON mapping ({@code recovery-json}). When read, a
 * member the other side did not send is {@code null}.
 */
public final class ControlMessages {

    private ControlMessages() {
    }

    /**
     * A refused request: {@code {"error": "<one line>"}}.
     *
     * @param error why
     */
    public record Error(String error) {
    }

    /**
     * The answer to {@code POST /stop}: {@code {"status": "stopping", "pid": 4242}}.
     *
     * @param status always {@code stopping}
     * @param pid the daemon's pid
     */
    public record Stopping(String status, long pid) {
    }

    /**
     * The body of {@code POST /recover}; {@code wait_ms} is left out for the daemon's default.
     *
     * @param worker the worker's id
     * @param action the action's name
     * @param waitMs how long to wait for the outcome, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecoverRequest(String worker, String action, Long waitMs) {
    }

    /**
     * The answer to {@code POST /recover} once the outcome is known: the outcome's members
     * ({@link InstanceOutcomeDto}) followed by {@code "status": "done"}.
     *
     * @param outcome the verified outcome
     * @param status always {@code done}
     */
    public record RecoverDone(@JsonUnwrapped InstanceOutcomeDto outcome, String status) {
    }

    /**
     * The answer to {@code POST /recover} when the outcome was not known in time (HTTP 202).
     *
     * @param status always {@code queued}
     * @param worker the worker's id
     * @param action the action's name
     * @param message where the outcome will be
     */
    public record RecoverQueued(String status, String worker, String action, String message) {
    }

    /**
     * What {@code recover} reads of either answer to {@code POST /recover}.
     *
     * @param status {@code done} or {@code queued}
     * @param message the queued answer's message
     * @param instance the done answer's {@code worker#slot}
     * @param success whether it worked
     * @param timeToRecoverMs how long it took
     * @param detail what happened
     */
    public record RecoverAnswer(String status, String message, String instance, Boolean success, Long timeToRecoverMs,
                                String detail) {
    }

    /**
     * The answer to {@code POST /strategies/import}: the merge report.
     *
     * @param host the daemon's host id
     * @param added entries added
     * @param updated entries updated
     * @param unchanged entries already known
     * @param skippedOwn entries of this host's own evidence, skipped
     */
    public record Imported(String host, Integer added, Integer updated, Integer unchanged, Integer skippedOwn) {
    }
}
