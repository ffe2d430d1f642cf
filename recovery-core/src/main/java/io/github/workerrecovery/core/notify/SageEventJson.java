package io.github.workerrecovery.core.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageEventKind;
import io.github.workerrecovery.json.IncidentAlertDto;
import io.github.workerrecovery.json.RecoveryJson;
import io.github.workerrecovery.json.SageEventDto;
import io.github.workerrecovery.json.SageEventFormat;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON form of sage events, as written by the {@code jsonl} and {@code webhook} notifiers
 * and read back by the CLI: the one wire format of {@link SageEventFormat} (records in
 * {@code recovery-json}), which the {@code rabbitmq} notifier publishes too.
 *
 * <p>An {@link IncidentAlert} keeps the original design's alert fields exactly and adds
 * {@code kind} and, when there is one, {@code worker}:
 * <pre>{@code
 * {"source":"worker-auto-recovery","message":"...","severity":"critical",
 *  "timestamp":"2026-01-01T00:00:00Z",
 *  "context":{"total_workers":3,"healthy_workers":2,"critical_workers":1},
 *  "kind":"incident","worker":"simple_task_worker"}
 * }</pre>
 * Every other kind starts with {@code kind, severity, message, timestamp} followed by its own
 * fields (see {@link SageEventDto}).
 *
 * <p>Stateless and thread-safe.
 */
public final class SageEventJson {

    private SageEventJson() {
    }

    /**
     * Maps any sage event to its JSON object.
     *
     * @param event the event
     * @return a new, mutable JSON object
     */
    public static ObjectNode toJson(SageEvent event) {
        return RecoveryJson.mapper().valueToTree(SageEventDto.of(event));
    }

    /**
     * The event as compact JSON on one line, without the line terminator. Line breaks inside
     * values are escaped, so the result is always a single line.
     *
     * @param event the event
     * @return the JSON text
     */
    public static String toJsonLine(SageEvent event) {
        return SageEventFormat.toJsonLine(event);
    }

    /**
     * Reads an incident alert back from its JSON object (see {@link IncidentAlertDto#toAlert()}
     * for what is tolerated).
     *
     * @param node a JSON object as written by {@link #toJson(SageEvent)} for an incident
     * @return the alert
     * @throws IllegalArgumentException when the node is not an object, is of another kind, or a
     *     required field is missing or invalid
     */
    public static IncidentAlert fromJson(JsonNode node) {
        return SageEventFormat.readIncident(node);
    }

    /**
     * Parses one line of JSON into an incident alert.
     *
     * @param line one JSON object
     * @return the alert
     * @throws IllegalArgumentException when the line is not JSON or not an incident alert
     */
    public static IncidentAlert fromJsonLine(String line) {
        return SageEventFormat.readIncident(line);
    }

    /**
     * The {@code kinds} setting shared by the file and webhook notifiers. Lives here because the
     * accepted values are exactly the {@code kind} labels of the JSON.
     *
     * @param settings the notifier's settings
     * @param fallback the kinds used when the setting is absent
     * @return the kinds, never empty unless the setting is an empty list
     * @throws IllegalArgumentException naming {@code <path>.kinds} and the bad value
     */
    static Set<SageEventKind> kinds(PluginSettings settings, Set<SageEventKind> fallback) {
        if (!settings.has("kinds")) {
            return Set.copyOf(fallback);
        }
        List<String> labels = settings.strings("kinds");
        Set<SageEventKind> kinds = EnumSet.noneOf(SageEventKind.class);
        for (String label : labels) {
            kinds.add(kindOf(label.trim()).orElseThrow(() -> new IllegalArgumentException(
                    settingPath(settings, "kinds") + ": must be a list of incident, knowledge, task or pattern"
                            + " but contained '" + label + "'")));
        }
        return Set.copyOf(kinds);
    }

    /**
     * @param settings a notifier's settings
     * @param key a key in them
     * @return the key's full path for error messages, e.g. {@code plugins.jsonl.kinds}
     */
    static String settingPath(PluginSettings settings, String key) {
        return settings.path().isEmpty() ? key : settings.path() + "." + key;
    }

    private static Optional<SageEventKind> kindOf(String label) {
        for (SageEventKind k : SageEventKind.values()) {
            if (k.label().equals(label.toLowerCase(Locale.ROOT))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
