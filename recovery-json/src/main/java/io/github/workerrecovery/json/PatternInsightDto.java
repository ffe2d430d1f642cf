package io.github.workerrecovery.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.WorkerId;

/**
 * A {@link PatternInsight} on the wire: a new or recurring error pattern and what to do about it.
 *
 * @param kind always {@code pattern}
 * @param severity always {@code low}
 * @param message the text
 * @param timestamp when, ISO-8601
 * @param worker the worker it was seen in, or {@code null} when it spans workers
 * @param patternId the pattern's id
 * @param description what the pattern is
 * @param occurrences how often it was seen
 * @param suggestion the preventive suggestion, possibly empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatternInsightDto(String kind, String severity, String message, String timestamp, String worker,
                                String patternId, String description, long occurrences, String suggestion)
        implements SageEventDto {

    /**
     * @param p an insight
     * @return its wire form
     */
    public static PatternInsightDto of(PatternInsight p) {
        return new PatternInsightDto(p.kind().label(), p.severity().label(), p.message(), p.timestamp().toString(),
                p.worker().map(WorkerId::value).orElse(null), p.patternId(), p.description(), p.occurrences(),
                p.suggestion());
    }
}
