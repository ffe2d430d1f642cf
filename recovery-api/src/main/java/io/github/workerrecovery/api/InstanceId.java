package io.github.workerrecovery.api;

import java.util.Comparator;
import java.util.Objects;

/**
 * One running copy of a worker: the worker's id and the instance's slot number (0-based). A
 * replacement started by a restart keeps the slot of the instance it replaces.
 *
 * @param worker the worker
 * @param slot the slot, {@code >= 0}
 */
public record InstanceId(WorkerId worker, int slot) implements Comparable<InstanceId> {

    private static final Comparator<InstanceId> ORDER =
            Comparator.comparing(InstanceId::worker).thenComparingInt(InstanceId::slot);

    /** @throws IllegalArgumentException when the slot is negative */
    public InstanceId {
        Objects.requireNonNull(worker, "worker");
        if (slot < 0) {
            throw new IllegalArgumentException("instance slot must be >= 0 but was " + slot);
        }
    }

    @Override
    public int compareTo(InstanceId o) {
        return ORDER.compare(this, o);
    }

    /** @return {@code worker#slot}, e.g. {@code simple_task_worker#0} */
    @Override
    public String toString() {
        return worker.value() + "#" + slot;
    }
}
