package io.github.workerrecovery.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which recovery history to read: optionally one worker, optionally since an instant, at most
 * {@code limit} records, newest last.
 *
 * @param worker only this worker's records, when present
 * @param since only records that started at or after this instant, when present
 * @param limit the most recent records to return, {@code >= 1}
 */
public record HistoryQuery(Optional<WorkerId> worker, Optional<Instant> since, int limit) {

    /** @throws IllegalArgumentException when the limit is below 1 */
    public HistoryQuery {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(since, "since");
        if (limit < 1) {
            throw new IllegalArgumentException("history limit must be >= 1 but was " + limit);
        }
    }

    /**
     * @param limit the most recent records to return
     * @return a query over all workers and all time
     */
    public static HistoryQuery latest(int limit) {
        return new HistoryQuery(Optional.empty(), Optional.empty(), limit);
    }

    /**
     * @param outcome a history record
     * @return whether the record matches the worker and time filters
     */
    public boolean matches(RecoveryOutcome outcome) {
        return worker.map(w -> w.equals(outcome.instance().worker())).orElse(true)
                && since.map(s -> !outcome.startedAt().isBefore(s)).orElse(true);
    }
}
