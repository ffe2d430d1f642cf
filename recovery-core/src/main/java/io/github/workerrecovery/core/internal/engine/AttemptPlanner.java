package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.PatternObserved;
import io.github.workerrecovery.api.event.RecoveryDecided;
import io.github.workerrecovery.core.internal.events.EventStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Planning an attempt: the budget ({@code max_restart_attempts} in {@code restart_window}, then
 * FAILED with one critical alert), the {@link RecoveryPlanner}'s choice, the back-off, and the
 * job handed to the {@link Dispatcher}; also a person's manual recovery, which bypasses back-off
 * and budget. Engine thread only.
 */
final class AttemptPlanner {

    private final EngineLoop loop;
    private final EngineSettings settings;
    private final Lifecycle lifecycle;
    private final EventStream events;
    private final Alerts alerts;
    private final RecoveryPlanner planner;
    private final Backoff backoff;
    private final Dispatcher dispatcher;
    private long jobSeq;

    AttemptPlanner(EngineLoop loop, EngineSettings settings, Lifecycle lifecycle, EventStream events, Alerts alerts,
                   RecoveryPlanner planner, Dispatcher dispatcher) {
        this.loop = loop;
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.events = events;
        this.alerts = alerts;
        this.planner = planner;
        this.backoff = new Backoff(settings.restartBackoffBase(), settings.restartCooldown());
        this.dispatcher = dispatcher;
    }

    /**
     * Plans the next attempt for a diagnosed failure, or gives up.
     *
     * @param r the instance, with its incident
     * @param failure the failure kind
     * @param trigger the signal that showed it
     * @param canary whether the attempt is a shared outage's canary (no budget, no back-off, teaches nothing)
     * @param released whether a shared outage that held it has just ended: no back-off, since every
     *     held instance is released at once and {@code max_concurrent_recoveries} is the only limit
     */
    void plan(InstanceRecord r, FailureKind failure, HealthSignal trigger, boolean canary, boolean released) {
        Instant now = loop.now();
        int used = r.attemptsWithin(settings.restartWindow(), now);
        if (used >= r.worker.maxAttempts && !canary) {
            giveUp(r, used);
            return;
        }
        Optional<String> pattern = Optional.ofNullable(r.incident.pattern);
        Optional<RecoveryDecision> decision = canary
                ? planner.canary(failure, pattern, r.worker.spec.actions())
                : planner.choose(failure, pattern, r.worker.spec.actions(), r.worker.spec.critical(),
                        r.incident.failedActions, lead(r.incident, failure));
        if (decision.isEmpty()) {
            // waiting would not help: nothing may be tried, so say so once, loudly
            String message = "Worker " + r.id + " failed: no allowed action applies to " + failure + " (" + trigger.reason() + ")";
            lifecycle.move(r, WorkerState.FAILED, message);
            alerts.raise(AlertSeverity.CRITICAL, message, Optional.of(r.id.worker()));
            return;
        }
        int attempt = used + 1;
        RecoveryJob job = new RecoveryJob(r, failure, decision.get().chosen(), attempt, false, trigger.status(), ++jobSeq);
        job.decision = decision.get();
        r.job = job;
        job.canary = canary;
        job.teaches = !canary;
        Duration delay = canary || released ? Duration.ZERO : backoff.delayBefore(attempt);
        events.emit((seq, at) -> new RecoveryDecided(seq, at, r.id, failure, job.decision, attempt, r.worker.maxAttempts,
                delay, false, canary, job.priority()));
        dispatcher.submit(job, delay);
    }

    /**
     * A live worker's failure that followed a memory climb tries the memory actions first
     * ({@code memory_cleanup}): a restart would cure it too, and lose the work in flight. A dead
     * process has no memory left to clean.
     *
     * @return the lead, or null when the resources before the failure say nothing of memory
     */
    static RecoveryPlanner.Lead lead(InstanceRecord.Incident incident, FailureKind failure) {
        if (failure == FailureKind.PROCESS_EXITED || failure == FailureKind.START_FAILED
                || failure == FailureKind.HIGH_MEMORY) {
            return null;
        }
        for (var sign : incident.precededBy) {
            if (io.github.workerrecovery.core.prediction.ResourceCorrelator.memoryMetric(sign.metric())) {
                return new RecoveryPlanner.Lead(FailureKind.HIGH_MEMORY, "preceded by " + sign.describe()
                        + (incident.finding == null ? "" : " (" + incident.finding + ")") + ": memory actions first");
            }
        }
        return null;
    }

    private void giveUp(InstanceRecord r, int attempts) {
        String message = "Worker " + r.id.worker() + " failed after " + attempts + " restart attempts";
        if (r.worker.spec.minInstances() > 1 || r.id.slot() > 0) {
            message = "Worker " + r.id.worker() + " (instance " + r.id.slot() + ") failed after " + attempts + " restart attempts";
        }
        String cause = r.incident == null ? "" : r.incident.failure + ": " + r.lastReason();
        String reason = message + (cause.isEmpty() ? "" : " (" + cause + ")");
        lifecycle.move(r, WorkerState.FAILED, reason);
        alerts.raise(AlertSeverity.CRITICAL, reason, Optional.of(r.id.worker()));
        PatternInsight insight = new PatternInsight(Optional.of(r.id.worker()), "give-up:" + r.id.worker(),
                (r.incident == null ? "failure" : r.incident.failure.toString()) + " " + attempts + " times within "
                        + settings.restartWindow().toMinutes() + " min",
                attempts, "look at logs/" + r.id.worker() + ".err and fix the cause, then run a manual recovery",
                r.id + " gave up after " + attempts + " attempts", loop.now());
        events.emit((seq, at) -> new PatternObserved(seq, at, insight));
    }

    /**
     * A person's recovery of an instance: any queued attempt is dropped, the budget starts over,
     * and the action runs as soon as a slot is free.
     *
     * @param target the instance
     * @param action the action's name
     * @param result completed with the verified outcome
     */
    void planManual(InstanceRecord target, String action, CompletableFuture<RecoveryOutcome> result) {
        if (target.job != null && !dispatcher.cancel(target.job)) {
            result.completeExceptionally(new IllegalStateException("a recovery of " + target.id + " is already running"));
            return;
        }
        target.attempts.clear();
        // a manual action on an instance with no diagnosed failure teaches nothing about failures
        boolean teaches = target.incident != null;
        FailureKind failure = target.incident != null ? target.incident.failure : FailureKind.UNKNOWN;
        if (target.incident == null) {
            target.incident = new InstanceRecord.Incident(failure, null, loop.now());
        }
        RecoveryJob job = new RecoveryJob(target, failure, action, 1, true, HealthStatus.DEAD, ++jobSeq);
        job.requestedAt = loop.now();
        job.teaches = teaches;
        job.decision = planner.manual(failure, Optional.ofNullable(target.incident.pattern), target.worker.spec.actions(), action);
        job.result.whenComplete((o, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(o);
            }
        });
        target.job = job;
        events.emit((seq, at) -> new RecoveryDecided(seq, at, target.id, failure, job.decision, 1, target.worker.maxAttempts,
                Duration.ZERO, true, false, job.priority()));
        dispatcher.submit(job, Duration.ZERO);
    }
}
