package io.github.workerrecovery.postgres;

import java.util.Objects;

/**
 * One record of the outbox journal: its sequence number in the journal (from 1, no gaps), what
 * it is, and its content as one line of JSON.
 *
 * @param seq the sequence number, unique within the journal
 * @param kind what the record is
 * @param body the content, compact JSON on one line
 */
public record OutboxRecord(long seq, Kind kind, String body) {

    /** What a journal record carries, and so which table it goes to. */
    public enum Kind {
        /** One recovery outcome (a history line). */
        HISTORY,
        /** The whole of this host's learned statistics: a later one replaces an earlier one. */
        STRATEGIES,
        /** The whole of this host's error patterns: a later one replaces an earlier one. */
        PATTERNS,
        /** One incident alert. */
        ALERT
    }

    /** @throws IllegalArgumentException when the sequence number is below 1 or the body spans lines */
    public OutboxRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
        if (seq < 1) {
            throw new IllegalArgumentException("journal sequence numbers start at 1 but got " + seq);
        }
        if (body.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a journal record must be one line of JSON");
        }
    }
}
