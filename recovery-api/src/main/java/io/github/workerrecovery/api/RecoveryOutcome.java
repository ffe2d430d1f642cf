package io.github.workerrecovery.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The verified result of one recovery attempt: one line of recovery history.
 *
 * @param instance the instance recovered
 * @param failure the diagnosis that triggered the attempt
 * @param action the name of the action that ran
 * @param success whether the instance was healthy again within the verification window
 * @param detail what happened, e.g. the action's report or why verification failed
 * @param startedAt when the action started
 * @param timeToRecover from the detection of the failure to verified health (or to the verdict of failure)
 * @param attempt the attempt number within the current budget window, from 1
 * @param manual whether a person asked for it (manual recovery) rather than the engine
 * @param pattern the id of the {@link ErrorPattern} mined from the error output that came with
 *     the failure, when there was any
 * @param decision why the action was chosen, when the engine recorded it (history written before
 *     decisions were kept has none)
 */
public record RecoveryOutcome(
        InstanceId instance,
        FailureKind failure,
        String action,
        boolean success,
        String detail,
        Instant startedAt,
        Duration timeToRecover,
        int attempt,
        boolean manual,
        Optional<String> pattern,
        Optional<RecoveryDecision> decision) {

    /**
     * How the {@link #detail()} of a relapse record starts: an action whose recovery was verified
     * but that failed again within the probation window, which counts as a failure of that action.
     */
    public static final String RELAPSE_PREFIX = "relapse: ";

    /**
     * How the {@link #detail()} of an interrupted attempt starts: the monitor shut down while the
     * action ran or was being verified, so nothing is known of its effect. Recorded as a failure.
     */
    public static final String INTERRUPTED_PREFIX = "interrupted: ";

    /** Rejects nulls. */
    public RecoveryOutcome {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(timeToRecover, "timeToRecover");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(decision, "decision");
    }

    /**
     * An outcome without a recorded decision.
     *
     * @param instance the instance recovered
     * @param failure the diagnosis that triggered the attempt
     * @param action the name of the action that ran
     * @param success whether the instance was healthy again within the verification window
     * @param detail what happened
     * @param startedAt when the action started
     * @param timeToRecover from detection to verified health (or to the verdict of failure)
     * @param attempt the attempt number within the current budget window, from 1
     * @param manual whether a person asked for it
     * @param pattern the id of the error pattern of the failure, when there was any
     */
    public RecoveryOutcome(InstanceId instance, FailureKind failure, String action, boolean success, String detail,
                           Instant startedAt, Duration timeToRecover, int attempt, boolean manual,
                           Optional<String> pattern) {
        this(instance, failure, action, success, detail, startedAt, timeToRecover, attempt, manual, pattern,
                Optional.empty());
    }

    /**
     * An outcome without an error pattern.
     *
     * @param instance the instance recovered
     * @param failure the diagnosis that triggered the attempt
     * @param action the name of the action that ran
     * @param success whether the instance was healthy again within the verification window
     * @param detail what happened
     * @param startedAt when the action started
     * @param timeToRecover from detection to verified health (or to the verdict of failure)
     * @param attempt the attempt number within the current budget window, from 1
     * @param manual whether a person asked for it
     */
    public RecoveryOutcome(InstanceId instance, FailureKind failure, String action, boolean success, String detail,
                           Instant startedAt, Duration timeToRecover, int attempt, boolean manual) {
        this(instance, failure, action, success, detail, startedAt, timeToRecover, attempt, manual, Optional.empty());
    }

    /** @return whether the monitor shut down during this attempt (see {@link #INTERRUPTED_PREFIX}) */
    public boolean interrupted() {
        return !success && detail.startsWith(INTERRUPTED_PREFIX);
    }

    /** @return whether this record is a relapse within probation (see {@link #RELAPSE_PREFIX}) */
    public boolean relapse() {
        return !success && detail.startsWith(RELAPSE_PREFIX);
    }
}
