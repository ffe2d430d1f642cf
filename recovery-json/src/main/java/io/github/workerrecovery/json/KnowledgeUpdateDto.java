package io.github.workerrecovery.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.workerrecovery.api.KnowledgeUpdate;

/**
 * A {@link KnowledgeUpdate} on the wire: the learned best action for a failure changed.
 *
 * @param kind always {@code knowledge}
 * @param severity always {@code low}
 * @param message the text
 * @param timestamp when, ISO-8601
 * @param failure the failure kind's Java name
 * @param pattern the error pattern's id, or {@code null} when the statistics are for the bare failure
 * @param previousBest the action that was best before, or {@code null} for the first
 * @param newBest the action that is best now
 * @param attempts attempts of the new best action
 * @param successes successes of the new best action
 * @param successRate {@code successes / attempts}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KnowledgeUpdateDto(String kind, String severity, String message, String timestamp, String failure,
                                 String pattern, String previousBest, String newBest, long attempts, long successes,
                                 double successRate) implements SageEventDto {

    /**
     * @param k an update
     * @return its wire form
     */
    public static KnowledgeUpdateDto of(KnowledgeUpdate k) {
        return new KnowledgeUpdateDto(k.kind().label(), k.severity().label(), k.message(), k.timestamp().toString(),
                k.failure().name(), k.pattern().orElse(null), k.previousBest().orElse(null), k.newBest(),
                k.stats().attempts(), k.stats().successes(), k.stats().successRate());
    }
}
