package io.github.workerrecovery.cli.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.core.store.RecoveryDecisionJson;
import java.time.format.DateTimeFormatter;

/**
 * The JSON form of a {@link RecoveryOutcome} in the answer to {@code POST /recover}, with the
 * field names of the history file ({@code data/recovery_history.jsonl}) plus the instance's
 * {@code worker#slot} name; {@code pattern} is {@code null} when the failure had no error pattern,
 * {@code decision} (why the action was chosen, see {@link RecoveryDecisionJson}) when none was recorded.
 */
public final class OutcomeJson {

    private OutcomeJson() {
    }

    /**
     * @param outcome a verified outcome
     * @return its JSON form
     */
    public static ObjectNode toJson(RecoveryOutcome outcome) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("instance", outcome.instance().toString());
        node.put("worker", outcome.instance().worker().value());
        node.put("slot", outcome.instance().slot());
        node.put("failure", outcome.failure().name());
        node.put("action", outcome.action());
        node.put("success", outcome.success());
        node.put("detail", outcome.detail());
        node.put("started_at", DateTimeFormatter.ISO_INSTANT.format(outcome.startedAt()));
        node.put("time_to_recover_ms", outcome.timeToRecover().toMillis());
        node.put("attempt", outcome.attempt());
        node.put("manual", outcome.manual());
        node.put("pattern", outcome.pattern().orElse(null));
        node.set("decision", outcome.decision().<com.fasterxml.jackson.databind.JsonNode>map(RecoveryDecisionJson::toJson)
                .orElse(JsonNodeFactory.instance.nullNode()));
        return node;
    }
}
