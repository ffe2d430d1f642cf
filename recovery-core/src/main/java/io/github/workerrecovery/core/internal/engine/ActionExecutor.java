package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerControl;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.ActionEnded;
import io.github.workerrecovery.api.event.ActionStarted;
import io.github.workerrecovery.core.internal.events.EventStream;
import io.github.workerrecovery.core.internal.plugin.PluginRegistry;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerStartException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Execution: runs the chosen action off the engine thread under {@code action_timeout}, installs
 * whatever it started (even when it overran: an instance must never run unwatched), and hands a
 * completed action to the {@link Verifier}; one that threw, refused or timed out is a failed
 * attempt. Engine thread only, but for the action itself.
 */
final class ActionExecutor {

    private final EngineLoop loop;
    private final EngineSettings settings;
    private final Map<String, RecoveryAction> actions;
    private final Lifecycle lifecycle;
    private final EventStream events;
    private final Incarnations incarnations;
    private final FleetOperations fleet;
    private Verifier verifier;
    private OutcomeRecorder outcomes;

    ActionExecutor(EngineLoop loop, EngineSettings settings, Map<String, RecoveryAction> actions, Lifecycle lifecycle,
                   EventStream events, Incarnations incarnations, FleetOperations fleet) {
        this.loop = loop;
        this.settings = settings;
        this.actions = actions;
        this.lifecycle = lifecycle;
        this.events = events;
        this.incarnations = incarnations;
        this.fleet = fleet;
    }

    void wire(Verifier verifierStage, OutcomeRecorder outcomeStage) {
        this.verifier = verifierStage;
        this.outcomes = outcomeStage;
    }

    /** Starts a job that the dispatcher gave a slot. */
    void run(RecoveryJob job) {
        InstanceRecord r = job.instance;
        job.phase = RecoveryJob.Phase.RUNNING;
        job.startedAt = loop.now();
        job.startedNanos = loop.time().nanoTime();
        job.incarnationAtStart = r.current;
        job.instancesAtStart = r.worker.active().size();
        job.freeSlotAtStart = r.worker.nextFreeSlot();
        if (!job.manual && !job.canary) {
            r.attempts.addLast(job.startedAt);
        }
        job.stateBefore = r.state();
        lifecycle.move(r, WorkerState.RECOVERING);
        events.emit((seq, at) -> new ActionStarted(seq, at, r.id, job.action, job.failure, job.attempt, job.manual,
                job.priority()));
        RecoveryAction action = actions.get(job.action);
        ActionContext ctx = new Context(InstanceView.of(r), new ActionControl(job, loop, incarnations, fleet), job.failure,
                Optional.ofNullable(r.incident).map(i -> i.trigger), job.attempt, loop.time());
        job.timer = loop.schedule(settings.actionTimeout(), () -> {
            if (job.phase == RecoveryJob.Phase.RUNNING) {
                done(job, null, "action " + job.action + " timed out after " + DurationText.format(settings.actionTimeout()));
            }
        });
        loop.offload(() -> {
            ActionResult result;
            String error = null;
            try {
                result = action.execute(ctx);
                if (result == null) {
                    result = ActionResult.refused("action returned no result");
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                result = null;
                // a start failure's message is written for people: the class name would only be noise
                error = "action " + job.action + " failed: "
                        + (t instanceof WorkerStartException ? t.getMessage() : PluginRegistry.describe(t));
            }
            ActionResult r0 = result;
            String e0 = error;
            loop.post(() -> done(job, r0, e0));
        });
    }

    private void done(RecoveryJob job, ActionResult result, String error) {
        InstanceRecord r = job.instance;
        r.starts += job.failedStarts.getAndSet(0);
        RunningWorker replacement = job.replacement;
        if (replacement != null && r.current != replacement) {
            if (r.stopped() || loop.closing()) {
                loop.offload(replacement::kill);
            } else {
                incarnations.install(r, replacement);
            }
        }
        for (Map.Entry<Integer, RunningWorker> e : job.added) {
            boolean known = r.worker.instances.stream().anyMatch(i -> i.current == e.getValue());
            if (!known) {
                InstanceRecord n = new InstanceRecord(new InstanceId(r.id.worker(), e.getKey()), r.worker);
                r.worker.add(n);
                incarnations.install(n, e.getValue());
            }
        }
        if (job.phase != RecoveryJob.Phase.RUNNING) {
            return; // already judged (timed out)
        }
        job.timer.cancel();
        boolean completed = error == null && result.completed();
        String detail = error != null ? error : result.detail();
        Duration took = Duration.ofNanos(loop.time().nanoTime() - job.startedNanos);
        events.emit((seq, at) -> new ActionEnded(seq, at, r.id, job.action, completed, detail, took));
        if (!completed) {
            outcomes.finish(job, false, detail);
            return;
        }
        job.actionDetail = result.detail();
        verifier.start(job);
    }

    private record Context(WorkerInstance instance, WorkerControl control, FailureKind failure,
                           Optional<HealthSignal> trigger, int attempt, TimeSource time) implements ActionContext {
    }
}
