package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.RecoveryOutcome;
import java.time.Instant;
import java.util.Objects;

/**
 * The end of one recovery attempt: verified healthy again, or not (died, timed out, action failed).
 * The outcome is what history records.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param outcome the outcome; {@code outcome.success()} is the verdict
 * @param priority how urgent, as in the decision
 */
public record RecoveryVerdict(long sequence, Instant at, RecoveryOutcome outcome, AlertSeverity priority) implements RecoveryEvent {

    /** Rejects nulls. */
    public RecoveryVerdict {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(priority, "priority");
    }

    @Override
    public String type() {
        return "verdict";
    }

    /** @return the instance */
    public io.github.workerrecovery.api.InstanceId instance() {
        return outcome.instance();
    }
}
