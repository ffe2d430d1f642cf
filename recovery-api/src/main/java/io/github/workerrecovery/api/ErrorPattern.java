package io.github.workerrecovery.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An error pattern mined from worker output: a template of error messages with the variable
 * parts masked ({@code Connection refused to <*>:<*>}), how often it was seen, when, and by which
 * workers. Stored through {@link StrategyStore#savePatterns}; its {@code id} is stable across
 * restarts, so history records and learned statistics can refer to it.
 *
 * @param id the stable pattern id (lower-case hex); never changes once given, even when the
 *     template is generalised later
 * @param template the message template, {@code <*>} where values vary; for a multi-line error
 *     (a stack trace or traceback), the exception type, a colon and the message template
 * @param location for a multi-line error, the first frame of the worker's own code where it was
 *     raised (e.g. {@code com.acme.Orders.load(Orders.java:42)}); empty for a single-line pattern
 * @param count how many messages matched it
 * @param firstSeen when it was first seen
 * @param lastSeen when it was last seen, not before {@code firstSeen}
 * @param workers how many of the messages came from each worker (messages without a worker are
 *     only in {@code count}); sorted by worker id
 */
public record ErrorPattern(
        String id,
        String template,
        String location,
        long count,
        Instant firstSeen,
        Instant lastSeen,
        Map<WorkerId, Long> workers) {

    /**
     * Copies the worker counts (sorted); rejects nulls.
     *
     * @throws IllegalArgumentException when the id or template is blank, a count is below 1
     *     (below 0 for a worker), or {@code lastSeen} is before {@code firstSeen}
     */
    public ErrorPattern {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(workers, "workers");
        if (id.isBlank() || template.isBlank()) {
            throw new IllegalArgumentException("an error pattern needs an id and a template but had id '" + id
                    + "' and template '" + template + "'");
        }
        if (count < 1) {
            throw new IllegalArgumentException("pattern " + id + ": count must be >= 1 but was " + count);
        }
        if (lastSeen.isBefore(firstSeen)) {
            throw new IllegalArgumentException("pattern " + id + ": last seen " + lastSeen + " is before first seen " + firstSeen);
        }
        TreeMap<WorkerId, Long> sorted = new TreeMap<>();
        workers.forEach((worker, n) -> {
            Objects.requireNonNull(worker, "worker");
            if (n == null || n < 0) {
                throw new IllegalArgumentException("pattern " + id + ": count of worker " + worker + " must be >= 0 but was " + n);
            }
            sorted.put(worker, n);
        });
        workers = java.util.Collections.unmodifiableMap(sorted);
    }

    /** @return whether it is a multi-line error (a stack trace or traceback) with a code location */
    public boolean multiLine() {
        return !location.isEmpty();
    }

    /** @return the template, followed by {@code " at <location>"} for a multi-line error */
    public String describe() {
        return location.isEmpty() ? template : template + " at " + location;
    }
}
