package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.RecoveryDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The planner chose an action for an instance, with the candidates it chose among; the attempt
 * runs after {@code delay} (the back-off) once a recovery slot is free.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param instance the instance
 * @param failure the diagnosis
 * @param decision the choice and its candidates
 * @param attempt the attempt number within the budget window, from 1
 * @param maxAttempts the budget: attempts allowed in the window
 * @param delay the back-off before it runs
 * @param manual whether a person asked for it
 * @param canary whether it is a shared outage's canary (uses no budget, teaches nothing)
 * @param priority how urgent: HIGH for a dead instance or a critical worker, else MEDIUM
 */
public record RecoveryDecided(long sequence, Instant at, InstanceId instance, FailureKind failure, RecoveryDecision decision, int attempt, int maxAttempts, Duration delay, boolean manual, boolean canary, AlertSeverity priority) implements RecoveryEvent {

    /** Rejects nulls. */
    public RecoveryDecided {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(priority, "priority");
    }

    @Override
    public String type() {
        return "decision";
    }

    /** @return the chosen action's name */
    public String action() {
        return decision.chosen();
    }
}
