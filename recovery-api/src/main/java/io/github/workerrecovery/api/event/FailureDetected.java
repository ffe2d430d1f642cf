package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.InstanceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure of an instance was diagnosed: a death at once, any other problem after it held for
 * {@code consecutive_checks} probe rounds. What follows is a decision, a hold, or giving up.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param instance the instance
 * @param failure the diagnosis
 * @param status how bad the triggering signal was
 * @param reason the triggering signal's reason
 * @param pattern the id of the error pattern mined from its error lines, if any
 * @param relapse whether it ended a recovery's probation (the recovery then counts as a failure)
 */
public record FailureDetected(long sequence, Instant at, InstanceId instance, FailureKind failure, HealthStatus status, String reason, Optional<String> pattern, boolean relapse) implements RecoveryEvent {

    /** Rejects nulls. */
    public FailureDetected {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public String type() {
        return "failure-detected";
    }
}
