package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.event.ActionStarted;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.KnowledgeChanged;
import io.github.workerrecovery.api.event.PatternObserved;
import io.github.workerrecovery.api.event.RecoveryDecided;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.api.event.TaskReported;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The four sages as a consumer of the event stream: alerts, knowledge and patterns pass as they
 * are; a recovery's decision, start and verdict become its task's QUEUED, STARTED and DONE.
 * Runs on the engine thread and only queues (the dispatcher delivers on the notifiers' own
 * executors).
 */
final class SageBridge implements Consumer<RecoveryEvent> {

    private final Consumer<SageEvent> sages;

    SageBridge(Consumer<SageEvent> sages) {
        this.sages = sages;
    }

    @Override
    public void accept(RecoveryEvent event) {
        toSage(event).ifPresent(sages);
    }

    /**
     * @param event an engine event
     * @return the sage event it is, if the sages hear of it
     */
    static Optional<SageEvent> toSage(RecoveryEvent event) {
        if (event instanceof AlertRaised a) {
            return Optional.of(a.alert());
        } else if (event instanceof KnowledgeChanged k) {
            return Optional.of(k.update());
        } else if (event instanceof PatternObserved p) {
            return Optional.of(p.insight());
        } else if (event instanceof TaskReported t) {
            return Optional.of(t.task());
        } else if (event instanceof RecoveryDecided d) {
            String message = d.manual() ? "manual " + d.action() + " of " + d.instance() + " queued"
                    : d.action() + " of " + d.instance() + " for " + d.failure() + (d.canary()
                    ? " queued (canary of a shared outage)"
                    : " queued (attempt " + d.attempt() + "/" + d.maxAttempts() + ", back-off " + d.delay().toMillis() + " ms)");
            return Optional.of(new RecoveryTask(d.instance(), d.action(), d.failure(), RecoveryTask.Stage.QUEUED,
                    d.priority(), message, d.at(), Optional.empty()));
        } else if (event instanceof ActionStarted s) {
            return Optional.of(new RecoveryTask(s.instance(), s.action(), s.failure(), RecoveryTask.Stage.STARTED,
                    s.priority(), s.action() + " of " + s.instance() + " started", s.at(), Optional.empty()));
        } else if (event instanceof RecoveryVerdict v) {
            RecoveryOutcome o = v.outcome();
            String message = o.action() + " of " + o.instance() + (o.success()
                    ? " worked in " + o.timeToRecover().toMillis() + " ms" : " did not help: " + o.detail());
            return Optional.of(new RecoveryTask(o.instance(), o.action(), o.failure(), RecoveryTask.Stage.DONE,
                    v.priority(), message, v.at(), Optional.of(o)));
        }
        return Optional.empty();
    }
}
