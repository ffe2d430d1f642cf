package io.github.workerrecovery.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A pattern worth knowing: a new or recurring error pattern, or a preventive suggestion.
 *
 * @param worker the worker concerned, when there is one
 * @param patternId a stable id of the pattern
 * @param description the pattern, e.g. an error template or {@code "PROCESS_EXITED 5 times in 10m"}
 * @param occurrences how often it was seen
 * @param suggestion what a person could do about it; empty when there is nothing to suggest
 * @param message one line
 * @param timestamp when
 */
public record PatternInsight(
        Optional<WorkerId> worker,
        String patternId,
        String description,
        long occurrences,
        String suggestion,
        String message,
        Instant timestamp) implements SageEvent {

    /** Rejects nulls. */
    public PatternInsight {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(patternId, "patternId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(suggestion, "suggestion");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    @Override
    public SageEventKind kind() {
        return SageEventKind.PATTERN;
    }

    @Override
    public AlertSeverity severity() {
        return AlertSeverity.LOW;
    }
}
