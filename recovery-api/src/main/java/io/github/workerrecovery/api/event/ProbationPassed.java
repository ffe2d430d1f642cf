package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.StrategyKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A recovered instance stayed healthy through its probation: the recovery counts as a success of its action.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param instance the instance
 * @param strategy the strategy credited
 */
public record ProbationPassed(long sequence, Instant at, InstanceId instance, StrategyKey strategy) implements RecoveryEvent {

    /** Rejects nulls. */
    public ProbationPassed {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(strategy, "strategy");
    }

    @Override
    public String type() {
        return "probation-passed";
    }
}
