package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.RecoveryOutcome;
import java.time.Instant;
import java.util.Objects;

/**
 * A recovered instance failed again within its probation: the recovery counts as a failure of its
 * action. The record is what history keeps (its detail starts with {@link RecoveryOutcome#RELAPSE_PREFIX}).
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param record the history record of the relapse
 */
public record RecoveryRelapsed(long sequence, Instant at, RecoveryOutcome record) implements RecoveryEvent {

    /** Rejects nulls. */
    public RecoveryRelapsed {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(record, "record");
    }

    @Override
    public String type() {
        return "relapse";
    }
}
