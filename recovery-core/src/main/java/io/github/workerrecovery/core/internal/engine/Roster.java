package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every supervised worker and its instances, in config order. Engine thread only. */
final class Roster {

    private final Map<WorkerId, WorkerRecord> workers = new LinkedHashMap<>();
    /** Bumped whenever a worker or an instance comes or goes, or an instance is stopped or started again. */
    private long version;

    void add(WorkerRecord w) {
        workers.put(w.id, w);
        w.joined(this);
        changed();
    }

    /**
     * @return a number that changes whenever the workers, their instances or which of those are
     *     stopped on purpose change: what counts the instances (the fleet view, the status rows)
     *     can skip a walk over all of them while it stays the same
     */
    long version() {
        return version;
    }

    /** A worker, an instance, or an instance's being stopped on purpose came or went. */
    void changed() {
        version++;
    }

    Optional<WorkerRecord> worker(WorkerId id) {
        return Optional.ofNullable(workers.get(id));
    }

    Collection<WorkerRecord> workers() {
        return workers.values();
    }

    /** @return the active instance with this id */
    Optional<InstanceRecord> instance(InstanceId id) {
        WorkerRecord w = workers.get(id.worker());
        return w == null ? Optional.empty() : w.active().stream().filter(i -> i.id.equals(id)).findFirst();
    }

    /**
     * The slots of a group's workers, whatever their instances are doing: an instance retired by a
     * scale-down must not shrink the group mid-burst and trip the shared-outage rule early.
     *
     * @param group a group name
     * @return how many slots its workers hold
     */
    int groupSize(String group) {
        return workers.values().stream().filter(w -> w.group().equals(group))
                .mapToInt(w -> (int) w.instances.stream().mapToInt(i -> i.id.slot()).distinct().count()).sum();
    }

    /** @return the fleet counts an alert carries */
    AlertContext alertContext() {
        int total = 0;
        int healthy = 0;
        int critical = 0;
        for (WorkerRecord w : workers.values()) {
            for (InstanceRecord i : w.active()) {
                total++;
                WorkerState s = i.state();
                if (s == WorkerState.HEALTHY) {
                    healthy++;
                } else if (s == WorkerState.CRITICAL || s == WorkerState.DEAD || s == WorkerState.FAILED) {
                    critical++;
                }
            }
        }
        return new AlertContext(total, healthy, critical);
    }
}
