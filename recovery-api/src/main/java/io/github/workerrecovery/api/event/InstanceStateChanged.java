package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerState;
import java.time.Instant;
import java.util.Objects;

/**
 * An instance moved from one life-cycle state to another; never from a state to itself.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param instance the instance
 * @param from the state it left
 * @param to the state it entered
 * @param reason why, one line; empty when nothing more is known
 */
public record InstanceStateChanged(long sequence, Instant at, InstanceId instance, WorkerState from, WorkerState to, String reason) implements RecoveryEvent {

    /** Rejects nulls. */
    public InstanceStateChanged {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return "state-changed";
    }
}
