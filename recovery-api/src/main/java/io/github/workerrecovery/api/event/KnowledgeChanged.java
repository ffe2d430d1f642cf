package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.KnowledgeUpdate;
import java.time.Instant;
import java.util.Objects;

/**
 * What was learned changed the preferred action for a failure kind and pattern. The knowledge sage receives it.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param update the change
 */
public record KnowledgeChanged(long sequence, Instant at, KnowledgeUpdate update) implements RecoveryEvent {

    /** Rejects nulls. */
    public KnowledgeChanged {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(update, "update");
    }

    @Override
    public String type() {
        return "knowledge";
    }
}
