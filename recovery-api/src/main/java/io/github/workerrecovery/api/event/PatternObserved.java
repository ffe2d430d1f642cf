package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.PatternInsight;
import java.time.Instant;
import java.util.Objects;

/**
 * A new or recurring error pattern, or a preventive suggestion (from the engine or a provider). The
 * pattern sage receives it.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param insight the insight
 */
public record PatternObserved(long sequence, Instant at, PatternInsight insight) implements RecoveryEvent {

    /** Rejects nulls. */
    public PatternObserved {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(insight, "insight");
    }

    @Override
    public String type() {
        return "pattern";
    }
}
