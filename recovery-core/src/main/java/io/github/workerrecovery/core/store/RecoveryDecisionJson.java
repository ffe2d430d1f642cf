package io.github.workerrecovery.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryDecision.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The JSON form of a {@link RecoveryDecision}, the {@code decision} member of a history line (and
 * of the CLI's JSON output):
 * <pre>{@code
 * {"policy": "learned", "chosen": "restart", "explored": true,
 *  "candidates": [{"action": "connection_reset", "attempts": 9, "successes": 8, "posterior_mean": 0.82,
 *                  "sampled": 0.77, "cost": 10}, ...]}
 * }</pre>
 * {@code sampled} is left out when nothing was drawn (ladder and manual decisions).
 */
public final class RecoveryDecisionJson {

    private RecoveryDecisionJson() {
    }

    /**
     * @param decision a decision
     * @return its JSON form
     */
    public static ObjectNode toJson(RecoveryDecision decision) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("policy", decision.policy().id());
        node.put("chosen", decision.chosen());
        node.put("explored", decision.explored());
        ArrayNode candidates = node.putArray("candidates");
        for (Candidate c : decision.candidates()) {
            ObjectNode entry = candidates.addObject();
            entry.put("action", c.action());
            entry.put("attempts", c.attempts());
            entry.put("successes", c.successes());
            entry.put("posterior_mean", c.posteriorMean());
            c.sampled().ifPresent(v -> entry.put("sampled", v));
            entry.put("cost", c.cost());
        }
        return node;
    }

    /**
     * @param node the JSON form
     * @return the decision
     * @throws IllegalArgumentException naming the member that is missing or malformed
     */
    public static RecoveryDecision fromJson(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("'decision' must be an object but was " + node);
        }
        JsonNode explored = VersionedJson.field(node, "explored");
        if (!explored.isBoolean()) {
            throw new IllegalArgumentException("'explored' must be true or false but was " + explored);
        }
        JsonNode array = VersionedJson.field(node, "candidates");
        if (!array.isArray()) {
            throw new IllegalArgumentException("'candidates' must be an array");
        }
        List<Candidate> candidates = new ArrayList<>();
        for (JsonNode c : array) {
            JsonNode sampled = c.get("sampled");
            long cost = VersionedJson.field(c, "cost").asLong();
            candidates.add(new Candidate(
                    VersionedJson.nonBlankText(c, "action"),
                    VersionedJson.nonNegativeLong(VersionedJson.field(c, "attempts"), "attempts"),
                    VersionedJson.nonNegativeLong(VersionedJson.field(c, "successes"), "successes"),
                    number(c, "posterior_mean"),
                    sampled == null || sampled.isNull() ? OptionalDouble.empty() : OptionalDouble.of(number(c, "sampled")),
                    (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, cost))));
        }
        return new RecoveryDecision(RecoveryDecision.Policy.ofId(VersionedJson.text(node, "policy")),
                VersionedJson.nonBlankText(node, "chosen"), explored.booleanValue(), candidates);
    }

    private static double number(JsonNode object, String name) {
        JsonNode value = VersionedJson.field(object, name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' must be a number but was " + value);
        }
        return value.doubleValue();
    }
}
