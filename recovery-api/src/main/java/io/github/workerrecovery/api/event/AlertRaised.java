package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.IncidentAlert;
import java.time.Instant;
import java.util.Objects;

/**
 * An incident alert: raised by the engine (failure, give-up, shared outage, persistent UNKNOWN) or
 * by a provider. The incident sage receives it.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param alert the alert
 */
public record AlertRaised(long sequence, Instant at, IncidentAlert alert) implements RecoveryEvent {

    /** Rejects nulls. */
    public AlertRaised {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(alert, "alert");
    }

    @Override
    public String type() {
        return "alert";
    }
}
