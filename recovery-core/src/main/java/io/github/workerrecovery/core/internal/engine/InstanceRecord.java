package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.runtime.RunningWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The engine's mutable record of one instance. Engine thread only. */
final class InstanceRecord {

    final InstanceId id;
    final WorkerRecord worker;
    RunningWorker current;
    Instant startedAt;
    int starts;
    WorkerState state = WorkerState.STARTING;
    String lastReason = "";
    final Map<String, Double> metrics = new HashMap<>();
    int problemStreak;
    final Deque<Instant> attempts = new ArrayDeque<>();
    Incident incident;
    RecoveryJob job;
    boolean probing;
    boolean spawning;
    boolean stopping;
    Instant lastHeartbeat;
    /** Whether a re-check is scheduled for a failure the outage guard told to wait. */
    boolean outageWaitScheduled;

    InstanceRecord(InstanceId id, WorkerRecord worker) {
        this.id = id;
        this.worker = worker;
    }

    boolean alive() {
        return current != null && current.isAlive();
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
        io.github.workerrecovery.api.FailureKind failure;
        HealthSignal trigger;
        /** The id of the error pattern mined from the trigger's error lines; null when there were none. */
        String pattern;
        final java.util.List<String> failedActions = new java.util.ArrayList<>();
        /** Whether an alert covers it: its own, or the shared outage's it is part of. */
        boolean alerted;
        /**
         * The failures this incident added to the strategy book (failed attempts, and the relapse
         * that opened it): taken back if the incident turns out to be part of a shared outage,
         * where the action was not what failed.
         */
        final java.util.List<io.github.workerrecovery.api.StrategyKey> failuresCounted = new java.util.ArrayList<>();

        Incident(io.github.workerrecovery.api.FailureKind failure, HealthSignal trigger, Instant detectedAt) {
            this.failure = failure;
            this.trigger = trigger;
            this.detectedAt = detectedAt;
        }
    }
}
