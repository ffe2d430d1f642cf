package io.github.workerrecovery.core.runtime;

import io.github.workerrecovery.api.InstanceId;

/**
 * How one worker's incarnations are started: the seam between the engine and a kind of worker
 * (an OS process, an in-JVM task). One runtime per worker spec; thread-safe.
 */
public interface WorkerRuntime extends AutoCloseable {

    /**
     * Starts a new incarnation in the given slot.
     *
     * @param instance the instance's id
     * @return the running incarnation
     * @throws WorkerStartException when it could not be started; the message names why (e.g.
     *     {@code "command not found: /opt/x/worker"})
     */
    RunningWorker start(InstanceId instance) throws WorkerStartException;

    /**
     * Finds the incarnations of this worker that a previous monitor left running, so that
     * they can be adopted or stopped rather than left unwatched. Called once, before the first
     * start. The default finds none.
     *
     * @return the live incarnations by slot
     */
    default java.util.Map<Integer, RunningWorker> reclaim() {
        return java.util.Map.of();
    }

    /**
     * Why this runtime cannot replace an incarnation, when it cannot: restart and graceful
     * restart are then refused with this reason before anything is stopped (for example a
     * discovered process without a restart command). The default can always restart.
     *
     * @return the reason, one line; empty when restarts are possible
     */
    default java.util.Optional<String> restartRefusal() {
        return java.util.Optional.empty();
    }

    /** Releases what the runtime holds (not the running incarnations). */
    @Override
    default void close() {
    }
}
