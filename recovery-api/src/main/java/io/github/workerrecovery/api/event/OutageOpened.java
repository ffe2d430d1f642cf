package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.InstanceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Several instances failed alike within the window: one shared outage, one alert; their recoveries
 * are held and canaries probe whether the shared dependency is back.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param outage the outage's description (its failure signature)
 * @param affected the instances held
 * @param message the alert's text
 */
public record OutageOpened(long sequence, Instant at, String outage, List<InstanceId> affected, String message) implements RecoveryEvent {

    /** Rejects nulls. */
    public OutageOpened {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outage, "outage");
        Objects.requireNonNull(affected, "affected");
        Objects.requireNonNull(message, "message");
        affected = List.copyOf(affected);
    }

    @Override
    public String type() {
        return "outage-opened";
    }
}
