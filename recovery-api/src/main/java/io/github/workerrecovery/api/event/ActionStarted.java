package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import java.time.Instant;
import java.util.Objects;

/**
 * An action started on an instance; the instance is RECOVERING until the verdict.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param instance the instance
 * @param action the action's name
 * @param failure the diagnosis
 * @param attempt the attempt number
 * @param manual whether a person asked for it
 * @param priority how urgent, as in the decision
 */
public record ActionStarted(long sequence, Instant at, InstanceId instance, String action, FailureKind failure, int attempt, boolean manual, AlertSeverity priority) implements RecoveryEvent {

    /** Rejects nulls. */
    public ActionStarted {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(priority, "priority");
    }

    @Override
    public String type() {
        return "action-started";
    }
}
