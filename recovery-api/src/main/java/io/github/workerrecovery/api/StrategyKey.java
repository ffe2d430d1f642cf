package io.github.workerrecovery.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The key of learned statistics: an action applied to a kind of failure, optionally narrowed to
 * one error pattern (the {@link ErrorPattern#id()} mined from the failure's error output).
 *
 * <p>The same failure kind can have different causes that need different fixes (a broken
 * connection and a corrupt cache can both show as a high error rate); the pattern tells them
 * apart, so statistics are kept per (failure, pattern, action). A key without a pattern holds
 * the evidence of failures that came with no error output.
 *
 * @param failure the failure kind
 * @param pattern the error pattern's id, or empty for failures without one
 * @param action the action's name
 */
public record StrategyKey(FailureKind failure, Optional<String> pattern, String action) {

    /** Rejects nulls and blank pattern ids. */
    public StrategyKey {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(action, "action");
        if (pattern.isPresent() && pattern.get().isBlank()) {
            throw new IllegalArgumentException("a strategy key's pattern id must not be blank");
        }
    }

    /**
     * A key without an error pattern.
     *
     * @param failure the failure kind
     * @param action the action's name
     */
    public StrategyKey(FailureKind failure, String action) {
        this(failure, Optional.empty(), action);
    }

    /** @return {@code failure/action} or {@code failure[pattern]/action} */
    @Override
    public String toString() {
        return failure + pattern.map(p -> "[" + p + "]").orElse("") + "/" + action;
    }
}
