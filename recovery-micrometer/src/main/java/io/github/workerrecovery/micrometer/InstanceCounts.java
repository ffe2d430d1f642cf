package io.github.workerrecovery.micrometer;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Instances per worker and state, counted from the engine's status snapshot. A scrape reads one
 * gauge per worker and state; the counts are made once per snapshot (the engine publishes a new
 * one after each of its steps), not once per gauge. Thread-safe.
 */
final class InstanceCounts {

    private final Supplier<SystemStatus> status;
    private volatile Counted counted;

    InstanceCounts(Supplier<SystemStatus> status) {
        this.status = status;
    }

    /**
     * @param worker a worker id
     * @param state a state
     * @return the worker's instances in that state in the latest snapshot
     */
    double count(String worker, WorkerState state) {
        SystemStatus now = status.get();
        Counted c = counted;
        if (c == null || c.of != now) {
            c = new Counted(now, countAll(now));
            counted = c;
        }
        int[] byState = c.byWorker.get(worker);
        return byState == null ? 0 : byState[state.ordinal()];
    }

    private static Map<String, int[]> countAll(SystemStatus status) {
        Map<String, int[]> byWorker = new HashMap<>();
        for (InstanceStatus i : status.instances()) {
            byWorker.computeIfAbsent(i.id().worker().value(), w -> new int[WorkerState.values().length])[i.state().ordinal()]++;
        }
        return byWorker;
    }

    /** The counts of one snapshot, kept with it so that a newer snapshot is noticed by identity. */
    private record Counted(SystemStatus of, Map<String, int[]> byWorker) {
    }
}
