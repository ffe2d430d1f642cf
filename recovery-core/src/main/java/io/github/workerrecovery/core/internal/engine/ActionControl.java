package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.FleetScaling;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerControl;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerStartException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What an action may do to its instance. Runs on the action's thread: it touches engine state
 * only through posts, and records what it started on the job, which the executor installs.
 */
final class ActionControl implements WorkerControl {

    /** The longest an action waits for the fleet's placement when the store does not answer. */
    private static final Duration FLEET_ANSWER_CAP = Duration.ofMinutes(5);

    private final RecoveryJob job;
    private final EngineLoop loop;
    private final Incarnations incarnations;
    private final FleetOperations fleet;

    ActionControl(RecoveryJob job, EngineLoop loop, Incarnations incarnations, FleetOperations fleet) {
        this.job = job;
        this.loop = loop;
        this.incarnations = incarnations;
        this.fleet = fleet;
    }

    @Override
    public String restart() throws Exception {
        refuseUnlessReplaceable();
        RunningWorker old = job.incarnationAtStart;
        String stopped = old != null && old.isAlive() ? old.kill() : "nothing was running";
        return stopped + "; " + startReplacement();
    }

    @Override
    public String gracefulRestart() throws Exception {
        refuseUnlessReplaceable();
        RunningWorker old = job.incarnationAtStart;
        String stopped = old != null && old.isAlive() ? old.stop(job.instance.worker.gracefulStop) : "nothing was running";
        return stopped + "; " + startReplacement();
    }

    /** Refuses before anything is stopped: an instance that cannot be replaced must not be killed. */
    private void refuseUnlessReplaceable() {
        job.instance.worker.runtime.restartRefusal().ifPresent(reason -> {
            throw new UnsupportedOperationException(reason);
        });
    }

    private String startReplacement() throws WorkerStartException {
        RunningWorker w;
        try {
            w = job.instance.worker.runtime.start(job.instance.id);
        } catch (WorkerStartException | RuntimeException e) {
            job.failedStarts.incrementAndGet();
            throw e;
        }
        incarnations.track(w, job.instance.worker.gracefulStop);
        job.replacement = w;
        return "started " + describe(w);
    }

    @Override
    public String scaleUp() throws Exception {
        WorkerSpec spec = job.instance.worker.spec;
        Optional<FleetScaling> placement = fleet.placement(spec);
        if (placement.isPresent()) {
            // fleet-wide bounds: the fleet's leader places it on its least-loaded host (maybe this one),
            // whose engine starts it; the store answers within its own bound, the cap is a backstop
            try {
                return placement.get().requestInstance(spec.id()).toCompletableFuture()
                        .get(FLEET_ANSWER_CAP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        if (job.instancesAtStart + job.added.size() >= spec.maxInstances()) {
            throw new IllegalStateException("worker " + spec.id() + " already runs max_instances (" + spec.maxInstances() + ")");
        }
        int slot = job.freeSlotAtStart + job.added.size();
        RunningWorker w = job.instance.worker.runtime.start(new InstanceId(spec.id(), slot));
        incarnations.track(w, job.instance.worker.gracefulStop);
        job.added.add(Map.entry(slot, w));
        return "started instance " + slot + " (" + describe(w) + ")";
    }

    @Override
    public String scaleDown() throws Exception {
        return fleet.stopOne(job.instance.worker.spec.id(), false).toCompletableFuture()
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public String signal(ControlSignal signal) throws Exception {
        RunningWorker w = job.incarnationAtStart;
        if (w == null || !w.isAlive()) {
            throw new IllegalStateException(job.instance.id + " is not running");
        }
        return w.signal(signal);
    }

    private static String describe(RunningWorker w) {
        return w.pid().isPresent() ? "pid " + w.pid().getAsLong() : "a new task";
    }
}
