package io.github.workerrecovery.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The learned best action for a failure kind changed.
 *
 * @param failure the failure kind
 * @param previousBest the action preferred before, if any
 * @param newBest the action preferred now
 * @param stats the statistics that made the difference
 * @param message one line
 * @param timestamp when
 */
public record KnowledgeUpdate(
        FailureKind failure,
        Optional<String> previousBest,
        String newBest,
        StrategyStats stats,
        String message,
        Instant timestamp) implements SageEvent {

    /** Rejects nulls. */
    public KnowledgeUpdate {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(previousBest, "previousBest");
        Objects.requireNonNull(newBest, "newBest");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
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
