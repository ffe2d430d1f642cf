package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FleetScaling;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.runtime.RunningWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fleet operations for plug-ins (autoscaling) and actions: decided on the engine thread, carried
 * out off it like any start or stop. A retired instance is STOPPED at once: its exit is expected
 * and its pending recovery dropped.
 */
final class FleetOperations implements WorkerFleet {

    private final EngineLoop loop;
    private final Roster roster;
    private final Lifecycle lifecycle;
    private final Incarnations incarnations;
    private Dispatcher dispatcher;
    /** The fleet's placement of scale_up for workers with fleet-wide bounds; null: every one on this host. */
    private volatile FleetScaling placement;
    private volatile List<WorkerView> views = List.of();
    /** The roster's version the views were made at. Engine thread. */
    private long viewsVersion = -1;

    FleetOperations(EngineLoop loop, Roster roster, Lifecycle lifecycle, Incarnations incarnations) {
        this.loop = loop;
        this.roster = roster;
        this.lifecycle = lifecycle;
        this.incarnations = incarnations;
    }

    void wire(Dispatcher value) {
        this.dispatcher = value;
    }

    /** @param value where scale_up of a worker with fleet-wide bounds is placed (a shared store), if anywhere */
    void placeThrough(Optional<FleetScaling> value) {
        this.placement = value.orElse(null);
    }

    /**
     * @param spec a worker
     * @return the fleet's placement when the worker declares fleet-wide bounds and the store is shared
     */
    Optional<FleetScaling> placement(WorkerSpec spec) {
        return spec.scaling().fleetMaxInstances().isPresent() ? Optional.ofNullable(placement)
                : Optional.empty();
    }

    @Override
    public List<WorkerView> workers() {
        return views;
    }

    /**
     * Refreshes the view plug-ins read. Engine thread. Nothing is done after a batch of tasks that
     * changed no count (the roster's version did not move: walking 10,000 workers after every
     * batch was a steady item of a round); otherwise a worker's view is made again only when its
     * count of instances changed, and the list only when a view did.
     */
    void refreshViews() {
        if (viewsVersion == roster.version()) {
            return;
        }
        viewsVersion = roster.version();
        boolean changed = views.size() != roster.workers().size();
        for (WorkerRecord w : roster.workers()) {
            int active = w.activeCount();
            if (w.fleetView == null || w.fleetView.instances() != active) {
                w.fleetView = new WorkerView(w.id, w.spec.queues(), w.spec.critical(),
                        w.spec.minInstances(), w.spec.maxInstances(), active);
                changed = true;
            }
        }
        if (changed) {
            List<WorkerView> out = new ArrayList<>(roster.workers().size());
            for (WorkerRecord w : roster.workers()) {
                out.add(w.fleetView);
            }
            views = List.copyOf(out);
        }
    }

    @Override
    public CompletionStage<String> scaleUp(WorkerId worker) {
        CompletableFuture<String> done = new CompletableFuture<>();
        loop.post(() -> {
            WorkerRecord w = roster.worker(worker).orElse(null);
            if (w == null) {
                done.completeExceptionally(new IllegalArgumentException("unknown worker '" + worker + "'"));
            } else if (w.active().size() >= w.spec.maxInstances()) {
                done.completeExceptionally(new IllegalStateException("worker " + worker
                        + " already runs max_instances (" + w.spec.maxInstances() + ")"));
            } else {
                InstanceRecord r = new InstanceRecord(new InstanceId(worker, w.nextFreeSlot()), w);
                w.add(r);
                incarnations.spawn(r);
                done.complete("starting instance " + r.id.slot() + " of " + worker);
            }
        });
        return done;
    }

    @Override
    public CompletionStage<String> scaleDown(WorkerId worker) {
        return stopOne(worker, true);
    }

    /**
     * Stops the worker's highest instance, unless it runs only {@code min_instances}.
     *
     * @param worker the worker
     * @param nameWorker whether the message names the worker (for a plug-in) or only the slot (for an action)
     * @return what was done, once the instance has stopped
     */
    CompletionStage<String> stopOne(WorkerId worker, boolean nameWorker) {
        CompletableFuture<String> done = new CompletableFuture<>();
        loop.post(() -> {
            WorkerRecord w = roster.worker(worker).orElse(null);
            if (w == null) {
                done.completeExceptionally(new IllegalArgumentException("unknown worker '" + worker + "'"));
                return;
            }
            InstanceRecord victim = w.scaleDownVictim().orElse(null);
            if (victim == null) {
                done.completeExceptionally(new IllegalStateException("worker " + worker
                        + " already runs only min_instances (" + w.spec.minInstances() + ")"));
                return;
            }
            retire(victim);
            RunningWorker running = victim.current;
            loop.offload(() -> {
                String how = running == null ? "nothing was running" : running.stop(w.gracefulStop);
                loop.post(() -> w.remove(victim));
                done.complete("stopped instance " + victim.id.slot() + (nameWorker ? " of " + worker : "") + ": " + how);
            });
        });
        return done;
    }

    /** Marks an instance as stopped on purpose: its exit is expected, its pending recovery dropped. */
    private void retire(InstanceRecord victim) {
        if (victim.job != null) {
            dispatcher.cancel(victim.job);
        }
        lifecycle.move(victim, WorkerState.STOPPED, "stopped by a scale-down");
    }
}
