package io.github.workerrecovery.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The supervised workers as a plug-in sees them, and the two fleet-level operations a plug-in
 * may ask for (for example a queue-driven autoscaler). Supplied by the engine through
 * {@link PluginContext#fleet()}; thread-safe; the operations are carried out on the engine's
 * own thread and never block the caller.
 */
public interface WorkerFleet {

    /**
     * One worker as configured, with its current instance count.
     *
     * @param id the worker
     * @param queues the queues it serves
     * @param critical whether it is critical
     * @param minInstances its floor
     * @param maxInstances its ceiling
     * @param instances instances running now (stopped ones excluded)
     */
    record WorkerView(WorkerId id, List<String> queues, boolean critical, int minInstances, int maxInstances,
                      int instances) {
        /** Copies the queues. */
        public WorkerView {
            queues = List.copyOf(queues);
        }
    }

    /** @return every configured worker, as of the engine's latest state */
    List<WorkerView> workers();

    /**
     * Starts one more instance, unless the worker runs {@code max_instances} already.
     *
     * @param worker the worker
     * @return completes with one line saying what was done, or exceptionally when it could not be
     */
    CompletionStage<String> scaleUp(WorkerId worker);

    /**
     * Stops the instance with the highest slot, unless the worker runs only {@code min_instances}.
     *
     * @param worker the worker
     * @return completes with one line saying what was done, or exceptionally when it could not be
     */
    CompletionStage<String> scaleDown(WorkerId worker);

    /** @return a fleet with no workers that refuses to scale, for contexts outside an engine */
    static WorkerFleet none() {
        return NoFleet.INSTANCE;
    }
}

/** The fleet of a context outside an engine: no workers, no scaling. */
enum NoFleet implements WorkerFleet {
    INSTANCE;

    @Override
    public java.util.List<WorkerView> workers() {
        return java.util.List.of();
    }

    @Override
    public java.util.concurrent.CompletionStage<String> scaleUp(WorkerId worker) {
        return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("no engine"));
    }

    @Override
    public java.util.concurrent.CompletionStage<String> scaleDown(WorkerId worker) {
        return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("no engine"));
    }
}
