package io.github.workerrecovery.api.event;

import io.github.workerrecovery.api.RecoveryTask;
import java.time.Instant;
import java.util.Objects;

/**
 * A recovery task reported by a provider (the engine's own tasks are told by {@link RecoveryDecided},
 * {@link ActionStarted} and {@link RecoveryVerdict}). The task sage receives it.
 *
 * @param sequence the engine's sequence number
 * @param at when
 * @param task the task
 */
public record TaskReported(long sequence, Instant at, RecoveryTask task) implements RecoveryEvent {

    /** Rejects nulls. */
    public TaskReported {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(task, "task");
    }

    @Override
    public String type() {
        return "task";
    }
}
