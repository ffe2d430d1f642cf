package io.github.workerrecovery.api;

import java.util.Objects;

/**
 * The key of learned statistics: an action applied to a kind of failure.
 *
 * @param failure the failure kind
 * @param action the action's name
 */
public record StrategyKey(FailureKind failure, String action) {

    /** Rejects nulls. */
    public StrategyKey {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(action, "action");
    }

    @Override
    public String toString() {
        return failure + "/" + action;
    }
}
