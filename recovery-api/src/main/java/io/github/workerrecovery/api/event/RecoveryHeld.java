package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.InstanceId;
import java.time.Instant;
import java.util.Objects;

/**
 * An instance's recovery is held back because it is part of a shared outage.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param instance the instance
 * @param outage the outage's description (its failure signature)
 */
public record RecoveryHeld(long sequence, Instant at, InstanceId instance, String outage) implements RecoveryEvent {

    /** Rejects nulls. */
    public RecoveryHeld {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(outage, "outage");
    }

    @Override
    public String type() {
        return "held";
    }
}
