package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.runtime.RunningWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The engine's mutable record of one instance. Its state and reason change only through
 * {@link Lifecycle}; the other fields belong to the stage named on each. Engine thread only.
 */
final class InstanceRecord {

    final InstanceId id;
    final WorkerRecord worker;
    private WorkerState state = WorkerState.STARTING;
    private String lastReason = "";

    /** The running incarnation ({@link Incarnations}); null before the first start or after a failed one. */
    RunningWorker current;
    /** When the current incarnation started ({@link Incarnations}). */
    Instant startedAt;
    /** The start of the incarnation whose metrics the resource watch last took (ResourceWatch). */
    Instant watchedStart;
    /**
     * This instance's probe checks queued or running, by the probe's index in the round runner
     * ({@link ProbeRunner}); read and cleared by the work threads that run them, so atomic. A
     * field rather than a concurrent map by (instance, probe): two map updates per check were a
     * steady item of a 10,000-instance round.
     */
    java.util.concurrent.atomic.AtomicReferenceArray<InFlightCheck> checksInFlight;
    /** The contexts this instance's probe checks were last handed ({@link ProbeRunner}). */
    ProbeContexts probeContexts;
    /**
     * Starts tried so far, whether the incarnation came up ({@link Incarnations#install}) or the
     * start failed ({@link Incarnations}, {@link ActionExecutor}): the status's restarts are the
     * starts after the first, so a worker that cannot start counts its tries like one that starts
     * and dies at once.
     */
    int starts;
    /** The last heartbeat ({@code heartbeat(worker)}). */
    Instant lastHeartbeat;
    /**
     * The latest metric of each probe ({@link HealthEvaluator}): immutable, replaced when a value
     * changes, so that the status sees a change by identity.
     */
    Map<String, Double> metrics = Map.of();
    /** The probe round in flight, null when none ({@link ProbeRunner}). */
    ProbeRunner.Round round;
    /** This instance's place in {@link #round} ({@link ProbeRunner}). */
    int roundSlot;
    /** The status row last made of this record ({@link StatusPublisher}). */
    StatusPublisher.Row statusRow;
    /** Problem rounds in a row ({@link HealthEvaluator}'s hysteresis). */
    int problemStreak;
    /** Rounds in a row where no probe could tell ({@link HealthEvaluator}). */
    int unknownStreak;
    /** When the current streak of such rounds began ({@link HealthEvaluator}). */
    Instant unknownSince;
    /** When each attempt of the budget window started ({@link AttemptPlanner}). */
    final Deque<Instant> attempts = new ArrayDeque<>();
    /** The failure being worked on, from detection to recovery or giving up ({@link Diagnosis}). */
    Incident incident;
    /** The recovery queued, running or being verified ({@link Dispatcher}). */
    RecoveryJob job;
    /**
     * When the last recovery action ended ({@link Verifier}), null before any: the error rate
     * probes see counts only errors written after it, so the errors that made the action
     * necessary do not judge it (they stay inside the rate's one-minute window for a while).
     */
    Instant errorsCountAfter;

    InstanceRecord(InstanceId id, WorkerRecord worker) {
        this.id = id;
        this.worker = worker;
    }

    WorkerState state() {
        return state;
    }

    String lastReason() {
        return lastReason;
    }

    /** Lifecycle only. */
    void state(WorkerState value) {
        boolean stoppedChanges = (value == WorkerState.STOPPED) != (state == WorkerState.STOPPED);
        this.state = value;
        if (stoppedChanges) {
            worker.countsChanged(); // the active counts of the fleet view and the status rows
        }
    }

    /** Lifecycle only. */
    void reason(String value) {
        this.lastReason = value == null ? "" : value;
    }

    boolean alive() {
        return current != null && current.isAlive();
    }

    boolean stopped() {
        return state == WorkerState.STOPPED;
    }

    /** Drops attempts older than the budget window and returns how many remain. */
    int attemptsWithin(Duration window, Instant now) {
        Instant cutoff = now.minus(window);
        while (!attempts.isEmpty() && attempts.peekFirst().isBefore(cutoff)) {
            attempts.pollFirst();
        }
        return attempts.size();
    }

    /** One failure being worked on, from detection to verified recovery or giving up. */
    static final class Incident {
        final Instant detectedAt;
        FailureKind failure;
        HealthSignal trigger;
        /** The id of the error pattern mined from the trigger's error lines; null when there were none. */
        String pattern;
        final List<String> failedActions = new ArrayList<>();
        /** Whether a recovery of it already relapsed: a cure that did not hold ({@link Diagnosis}). */
        boolean relapsed;
        /** Whether an alert covers it: its own, or the shared outage's it is part of. */
        boolean alerted;
        /**
         * The failures this incident added to the strategy book (failed attempts, and the relapse
         * that opened it): taken back if the incident turns out to be part of a shared outage,
         * where the action was not what failed.
         */
        final List<StrategyKey> failuresCounted = new ArrayList<>();
        /** What the resources did before it, against the instance's baselines ({@link ResourceWatch}). */
        List<io.github.workerrecovery.core.prediction.ResourceCorrelator.Sign> precededBy = List.of();
        /** The most consistent learned difference before failures like it, null when none ({@link ResourceWatch}). */
        String finding;

        Incident(FailureKind failure, HealthSignal trigger, Instant detectedAt) {
            this.failure = failure;
            this.trigger = trigger;
            this.detectedAt = detectedAt;
        }
    }
}
