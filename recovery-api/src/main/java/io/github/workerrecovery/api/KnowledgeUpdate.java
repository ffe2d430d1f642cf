package io.github.workerrecovery.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The learned preferred action for a failure kind (and error pattern) changed.
 *
 * @param failure the failure kind
 * @param pattern the error pattern the preference is for; empty for failures without one
 * @param previousBest the action preferred before, if any
 * @param newBest the action preferred now
 * @param stats the statistics that made the difference
 * @param message one line
 * @param timestamp when
 */
public record KnowledgeUpdate(
        FailureKind failure,
        Optional<String> pattern,
        Optional<String> previousBest,
        String newBest,
        StrategyStats stats,
        String message,
        Instant timestamp) implements SageEvent {

    /** Rejects nulls. */
    public KnowledgeUpdate {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(previousBest, "previousBest");
        Objects.requireNonNull(newBest, "newBest");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * An update for failures without an error pattern.
     *
     * @param failure the failure kind
     * @param previousBest the action preferred before, if any
     * @param newBest the action preferred now
     * @param stats the statistics that made the difference
     * @param message one line
     * @param timestamp when
     */
    public KnowledgeUpdate(FailureKind failure, Optional<String> previousBest, String newBest, StrategyStats stats,
                           String message, Instant timestamp) {
        this(failure, Optional.empty(), previousBest, newBest, stats, message, timestamp);
    }

    @Override
    public SageEventKind kind() {
        return SageEventKind.KNOWLEDGE;
    }

    @Override
    public AlertSeverity severity() {
        return AlertSeverity.LOW;
    }
}
