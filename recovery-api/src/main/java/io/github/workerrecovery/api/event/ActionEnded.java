package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.InstanceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An action returned, threw, refused or timed out. When it completed, verification follows.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param instance the instance
 * @param action the action's name
 * @param completed whether it did its job (verification follows)
 * @param detail what it did, or why it failed
 * @param took how long it ran
 */
public record ActionEnded(long sequence, Instant at, InstanceId instance, String action, boolean completed, String detail, Duration took) implements RecoveryEvent {

    /** Rejects nulls. */
    public ActionEnded {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(took, "took");
    }

    @Override
    public String type() {
        return "action-ended";
    }
}
