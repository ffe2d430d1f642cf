package io.github.workerrecovery.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.SageEvent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes and reads sage events in their one wire format ({@link SageEventDto}): what the
 * {@code jsonl} notifier appends to {@code logs/incident_sage_alerts.jsonl}, the {@code webhook}
 * notifier POSTs and the {@code rabbitmq} notifier publishes, byte for byte the same. Stateless and
 * thread-safe.
 */
public final class SageEventFormat {

    private SageEventFormat() {
    }

    /**
     * @param event an event
     * @return its JSON on one line, without the line terminator
     */
    public static String toJsonLine(SageEvent event) {
        return RecoveryJson.toLine(SageEventDto.of(event));
    }

    /**
     * @param event an event
     * @return its JSON on one line, UTF-8, without a line terminator: a message body
     */
    public static byte[] toBytes(SageEvent event) {
        return toJsonLine(event).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads one event of any kind.
     *
     * @param line one JSON object
     * @return its wire form; a line without a known {@code kind} is an {@link IncidentAlertDto}
     * @throws IllegalArgumentException when the line is not a JSON object of an event
     */
    public static SageEventDto read(String line) {
        return RecoveryJson.bind(object(line), SageEventDto.class);
    }

    /**
     * Reads an incident alert back from one line of the alert file.
     *
     * @param line one JSON object
     * @return the alert (see {@link IncidentAlertDto#toAlert()} for what is tolerated)
     * @throws IllegalArgumentException when the line is not JSON or not an incident alert
     */
    public static IncidentAlert readIncident(String line) {
        return readIncident(object(line));
    }

    /**
     * Reads an incident alert back from its parsed JSON.
     *
     * @param node a JSON object
     * @return the alert
     * @throws IllegalArgumentException when the node is not an object, is of another kind, or a
     *     required field is missing or invalid
     */
    public static IncidentAlert readIncident(JsonNode node) {
        Objects.requireNonNull(node, "node");
        if (!node.isObject()) {
            throw new IllegalArgumentException("an incident alert must be a JSON object but was " + node.getNodeType());
        }
        SageEventDto dto = RecoveryJson.bind(node, SageEventDto.class);
        if (dto instanceof IncidentAlertDto incident) {
            return incident.toAlert();
        }
        throw new IllegalArgumentException("not an incident alert: kind is '" + dto.kind() + "'");
    }

    private static JsonNode object(String line) {
        JsonNode node;
        try {
            node = RecoveryJson.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JSON line: " + e.getMessage(), e);
        }
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("empty line");
        }
        return node;
    }
}
