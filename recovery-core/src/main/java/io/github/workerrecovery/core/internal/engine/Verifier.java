package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.core.runtime.WorkerExit;
import java.time.Instant;

/**
 * Verification: after an action completed, the instance is probed every
 * {@code verification_interval} until it is healthy and running (success), dead (failure), or
 * {@code verification_window} has passed (failure). A failure raised by a probe that judges a
 * rate over a window (its {@code observationWindow}) is accepted as healthy only once that window
 * has been watched since the action, or at the end of {@code verification_window}, whichever
 * comes first. From the action's end on, the error rate the probes see counts only errors written
 * after it ({@link InstanceView#errorsPerMinute()}). The verdict goes to the
 * {@link OutcomeRecorder}. Engine thread only.
 */
final class Verifier {

    private final EngineLoop loop;
    private final EngineSettings settings;
    private final HealthEvaluator evaluator;
    private final OutcomeRecorder outcomes;
    private final Dispatcher dispatcher;

    Verifier(EngineLoop loop, EngineSettings settings, HealthEvaluator evaluator, OutcomeRecorder outcomes,
             Dispatcher dispatcher) {
        this.loop = loop;
        this.settings = settings;
        this.evaluator = evaluator;
        this.outcomes = outcomes;
        this.dispatcher = dispatcher;
    }

    /** The action completed: verify its effect; its slot goes to the next job. */
    void start(RecoveryJob job) {
        InstanceRecord r = job.instance;
        job.phase = RecoveryJob.Phase.VERIFYING;
        dispatcher.released(job);
        // errors written before the action are the failure it fixed, not a verdict on it
        r.errorsCountAfter = loop.now();
        job.verifyDeadline = loop.now().plus(settings.verificationWindow());
        // a rate judged over a window says nothing about a replacement younger than the window
        Instant observed = loop.now().plus(evaluator.observationWindow(r));
        job.observeUntil = observed.isAfter(job.verifyDeadline) ? job.verifyDeadline : observed;
        if (!r.alive()) {
            WorkerExit exit = r.current == null ? null : r.current.onExit().toCompletableFuture().getNow(null);
            if (exit == null && r.current != null && r.current != job.incarnationAtStart) {
                // what the action started is already gone, but its exit event is still on its way:
                // it judges the attempt with the new incarnation's reason (the instance's reason is an old one)
                next(job);
                return;
            }
            // the exit event may not have reached the evaluator yet: the same words as when it has
            outcomes.finish(job, false, "not running after " + job.action
                    + (exit == null ? "" : ": " + HealthEvaluator.describe(exit)));
            return;
        }
        next(job);
    }

    private void next(RecoveryJob job) {
        job.timer = loop.schedule(settings.verificationInterval(), () -> round(job));
    }

    private void round(RecoveryJob job) {
        if (job.phase != RecoveryJob.Phase.VERIFYING || loop.closing()) {
            return;
        }
        if (evaluator.probing(job.instance)) {
            next(job); // a health round is in flight: its verdict is not ours to take
        } else {
            evaluator.round(job.instance, true);
        }
    }

    /**
     * Judges one verification round.
     *
     * @param r the instance
     * @param worst the worst known signal of the round, null when no probe could tell
     */
    void verdict(InstanceRecord r, HealthSignal worst) {
        RecoveryJob job = r.job;
        if (job == null || job.phase != RecoveryJob.Phase.VERIFYING) {
            return;
        }
        boolean healthy = worst != null && worst.status() == HealthStatus.HEALTHY && r.alive();
        if (healthy && !loop.now().isBefore(job.observeUntil)) {
            outcomes.finish(job, true, job.actionDetail);
        } else if (healthy) {
            next(job); // healthy so far, but the rate's window has not been watched in full
        } else if (worst != null && worst.status() == HealthStatus.DEAD) {
            outcomes.finish(job, false, "still down after " + job.action + ": " + worst.reason());
        } else if (!loop.now().isBefore(job.verifyDeadline)) {
            outcomes.finish(job, false, "not healthy within " + DurationText.format(settings.verificationWindow()) + " after "
                    + job.action + (worst == null ? "" : ": " + worst.reason()));
        } else {
            next(job);
        }
    }

    /** The instance died while its recovery was being verified. */
    void died(RecoveryJob job, String reason) {
        outcomes.finish(job, false, "died during verification: " + reason);
    }
}
