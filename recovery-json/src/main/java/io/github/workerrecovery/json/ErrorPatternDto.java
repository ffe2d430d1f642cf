package io.github.workerrecovery.json;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.WorkerId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One mined {@link ErrorPattern} in {@code data/recovery_patterns.json}:
 * {@code {"id", "template", "location", "count", "first_seen", "last_seen", "workers": {"<worker>": n}}}.
 *
 * @param id the pattern's stable id
 * @param template the masked template
 * @param location where a multi-line error was thrown, or empty
 * @param count occurrences, {@code >= 1}
 * @param firstSeen ISO-8601 instant
 * @param lastSeen ISO-8601 instant
 * @param workers occurrences by worker id, sorted by id; optional when reading
 */
public record ErrorPatternDto(String id, String template, String location, Long count, String firstSeen,
                              String lastSeen, Map<String, Long> workers) {

    /**
     * @param p a pattern
     * @return its entry
     */
    public static ErrorPatternDto of(ErrorPattern p) {
        Map<String, Long> workers = new LinkedHashMap<>();
        p.workers().forEach((w, n) -> workers.put(w.value(), n));
        return new ErrorPatternDto(p.id(), p.template(), p.location(), p.count(), p.firstSeen().toString(),
                p.lastSeen().toString(), workers);
    }

    /**
     * @return the pattern
     * @throws IllegalArgumentException naming the member that is missing or invalid
     */
    public ErrorPattern toPattern() {
        Map<WorkerId, Long> byWorker = new LinkedHashMap<>();
        if (workers != null) {
            workers.forEach((w, n) -> {
                if (n == null || n < 0) {
                    throw new IllegalArgumentException("'workers." + w + "' must be a whole number >= 0 but was " + n);
                }
                byWorker.put(WorkerId.of(w), n);
            });
        }
        // ErrorPattern checks counts, blank ids and the order of the two instants itself
        return new ErrorPattern(Fields.required(id, "id"), Fields.required(template, "template"),
                Fields.required(location, "location"), Fields.nonNegative(count, "count"),
                Fields.instant(firstSeen, "first_seen"), Fields.instant(lastSeen, "last_seen"), byWorker);
    }
}
