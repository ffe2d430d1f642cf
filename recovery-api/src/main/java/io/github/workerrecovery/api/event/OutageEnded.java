package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.InstanceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A shared outage ended: a canary recovered (or an instance recovered on its own), or the hold reached
 * {@code max_hold}. The held instances are released to per-instance recovery.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param outage the outage's description
 * @param recovered whether it ended because the dependency is back
 * @param released the instances released
 * @param message the closing alert's text
 */
public record OutageEnded(long sequence, Instant at, String outage, boolean recovered, List<InstanceId> released, String message) implements RecoveryEvent {

    /** Rejects nulls. */
    public OutageEnded {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outage, "outage");
        Objects.requireNonNull(released, "released");
        Objects.requireNonNull(message, "message");
        released = List.copyOf(released);
    }

    @Override
    public String type() {
        return "outage-ended";
    }
}
