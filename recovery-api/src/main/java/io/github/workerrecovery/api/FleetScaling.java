package io.github.workerrecovery.api;

import java.util.concurrent.CompletionStage;

/**
 * Fleet-level {@code scale_up}, offered by a store that several hosts share
 * ({@link StrategyStore#fleetScaling}). A worker that declares fleet-wide bounds
 * ({@code fleet_min_instances} / {@code fleet_max_instances}) does not add its extra instance on
 * the host that saw the backlog: the engine asks the fleet, whose leader places it on the
 * least-loaded host that runs the worker below its own {@code max_instances}, never beyond the
 * fleet-wide maximum; the chosen host's engine starts it.
 *
 * <p>Thread-safe; {@link #requestInstance} never blocks (the answer completes later).
 */
public interface FleetScaling {

    /**
     * A worker's fleet-wide bounds.
     *
     * @param minInstances instances the fleet keeps running in all, 0 for no floor
     * @param maxInstances instances the fleet runs at most in all, at least 1 and at least {@code minInstances}
     */
    record Bounds(int minInstances, int maxInstances) {
        /** @throws IllegalArgumentException when a bound is out of range */
        public Bounds {
            if (minInstances < 0) {
                throw new IllegalArgumentException("minInstances must be >= 0 but was " + minInstances);
            }
            if (maxInstances < 1 || maxInstances < minInstances) {
                throw new IllegalArgumentException("maxInstances must be >= 1 and >= minInstances (" + minInstances
                        + ") but was " + maxInstances);
            }
        }
    }

    /**
     * Asks the fleet for one more instance of a worker with fleet-wide bounds.
     *
     * @param worker the worker
     * @return completes with one line saying where the instance was placed and started, or
     *     exceptionally ({@link IllegalStateException}) with one line saying why none was: the
     *     fleet-wide maximum is reached, no host allows one more, or no placement was decided in time
     */
    CompletionStage<String> requestInstance(WorkerId worker);
}
