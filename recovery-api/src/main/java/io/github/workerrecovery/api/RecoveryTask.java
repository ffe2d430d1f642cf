package io.github.workerrecovery.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A recovery task changed stage.
 *
 * @param instance the instance to recover
 * @param action the action chosen
 * @param failure the diagnosis
 * @param stage queued, started or done
 * @param severity how urgent the failure is (critical workers and dead instances first)
 * @param message one line; for {@link Stage#DONE} it says whether it worked
 * @param timestamp when
 * @param outcome the verified outcome, present for {@link Stage#DONE} only
 */
public record RecoveryTask(
        InstanceId instance,
        String action,
        FailureKind failure,
        Stage stage,
        AlertSeverity severity,
        String message,
        Instant timestamp,
        Optional<RecoveryOutcome> outcome) implements SageEvent {

    /** Where a task is in its life. */
    public enum Stage {
        /** Waiting for a recovery slot or for its back-off delay. */
        QUEUED,
        /** The action is running or being verified. */
        STARTED,
        /** Verified: see the message for the verdict. */
        DONE
    }

    /** Rejects nulls. */
    public RecoveryTask {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public SageEventKind kind() {
        return SageEventKind.TASK;
    }
}
