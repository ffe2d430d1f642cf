package io.github.workerrecovery.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.json.RecoveryJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of an AMQP heartbeat: a flat JSON object of the worker's own numbers, such as
 * {@code {"jobs_done":12,"lag_ms":3.5}}. The member names are the worker's choice, so the body is
 * a map rather than a record. Reading keeps the top-level numbers and skips every other member,
 * so that a worker may send anything else alongside. Stateless and thread-safe.
 */
final class HeartbeatBody {

    private HeartbeatBody() {
    }

    /**
     * @param metrics numbers by name; a fraction is written as a decimal, any other number as a
     *     whole one, and a number that is not finite as {@code null}, which JSON has no other way to say
     * @return the body, UTF-8
     */
    static byte[] write(Map<String, ? extends Number> metrics) {
        Map<String, Object> members = new LinkedHashMap<>();
        metrics.forEach((name, value) -> {
            if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
                double d = value.doubleValue();
                members.put(name, Double.isFinite(d) ? d : null);
            } else {
                members.put(name, value.longValue());
            }
        });
        return RecoveryJson.toLine(members).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param body a heartbeat body
     * @return its top-level numeric members, in order
     * @throws IllegalArgumentException one line saying why the body is not a JSON object
     */
    static Map<String, Double> numbers(byte[] body) {
        JsonNode tree = RecoveryJson.parse(body, false);
        if (!tree.isObject()) {
            throw new IllegalArgumentException("not a JSON object but " + (tree.isMissingNode() ? "nothing" : tree.getNodeType()));
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        Map<?, ?> members = RecoveryJson.bind(tree, Map.class);
        members.forEach((name, value) -> {
            if (value instanceof Number n) {
                numbers.put((String) name, n.doubleValue());
            }
        });
        return numbers;
    }
}
