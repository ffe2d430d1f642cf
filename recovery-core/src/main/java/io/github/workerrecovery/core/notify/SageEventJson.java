package io.github.workerrecovery.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageEventKind;
import io.github.workerrecovery.api.WorkerId;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON form of sage events, as written by the {@code jsonl} and {@code webhook} notifiers
 * and read back by the CLI. Keys are snake_case; the mapping is explicit so that the API stays
 * free of Jackson and the file format cannot change by accident when a record gains a component.
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
 * fields. {@code kind} and {@code severity} are the API's lower-case labels; other enum values
 * ({@code failure}, {@code stage}) are their Java names, as the strategy store writes them.
 * Optional values that are absent are left out rather than written as {@code null}.
 *
 * <p>Stateless and thread-safe.
 */
public final class SageEventJson {

    // ObjectMapper is thread-safe once configured, and building one is costly: share it.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SageEventJson() {
    }

    /**
     * Maps any sage event to its JSON object.
     *
     * @param event the event
     * @return a new, mutable JSON object
     */
    public static ObjectNode toJson(SageEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof IncidentAlert a) {
            return incident(a);
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", event.kind().label());
        node.put("severity", event.severity().label());
        node.put("message", event.message());
        node.put("timestamp", timestamp(event.timestamp()));
        if (event instanceof RecoveryTask t) {
            node.put("instance", t.instance().toString());
            node.put("worker", t.instance().worker().value());
            node.put("slot", t.instance().slot());
            node.put("action", t.action());
            node.put("failure", t.failure().name());
            node.put("stage", t.stage().name());
            t.outcome().ifPresent(o -> {
                node.put("success", o.success());
                node.put("time_to_recover_ms", o.timeToRecover().toMillis());
                node.put("attempt", o.attempt());
            });
        } else if (event instanceof KnowledgeUpdate k) {
            node.put("failure", k.failure().name());
            k.pattern().ifPresent(p -> node.put("pattern", p));
            k.previousBest().ifPresent(p -> node.put("previous_best", p));
            node.put("new_best", k.newBest());
            node.put("attempts", k.stats().attempts());
            node.put("successes", k.stats().successes());
            node.put("success_rate", k.stats().successRate());
        } else if (event instanceof PatternInsight p) {
            p.worker().ifPresent(w -> node.put("worker", w.value()));
            node.put("pattern_id", p.patternId());
            node.put("description", p.description());
            node.put("occurrences", p.occurrences());
            node.put("suggestion", p.suggestion());
        }
        return node;
    }

    /**
     * The event as compact JSON on one line, without the line terminator. Line breaks inside
     * values are escaped, so the result is always a single line.
     *
     * @param event the event
     * @return the JSON text
     */
    public static String toJsonLine(SageEvent event) {
        try {
            return MAPPER.writeValueAsString(toJson(event));
        } catch (JsonProcessingException e) {
            // Cannot happen for a tree of plain strings and numbers; keep the cause if it ever does.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an incident alert back from its JSON object. {@code message}, {@code severity} and
     * {@code timestamp} are required; a missing {@code source} reads as {@code "unknown"}, a
     * missing context or count as {@code 0}, and a missing or unsafe {@code worker} as none. A
     * timestamp may be an ISO-8601 instant, an offset date-time, or a local date-time (read as
     * UTC, as older Python-written files have them).
     *
     * @param node a JSON object as written by {@link #toJson(SageEvent)} for an incident
     * @return the alert
     * @throws IllegalArgumentException when the node is not an object, is of another kind, or a
     *     required field is missing or invalid
     */
    public static IncidentAlert fromJson(JsonNode node) {
        Objects.requireNonNull(node, "node");
        if (!node.isObject()) {
            throw new IllegalArgumentException("an incident alert must be a JSON object but was " + node.getNodeType());
        }
        String kind = text(node, "kind").orElse(SageEventKind.INCIDENT.label());
        if (!kind.equals(SageEventKind.INCIDENT.label())) {
            throw new IllegalArgumentException("not an incident alert: kind is '" + kind + "'");
        }
        String message = text(node, "message")
                .orElseThrow(() -> new IllegalArgumentException("incident alert without 'message'"));
        String severityLabel = text(node, "severity")
                .orElseThrow(() -> new IllegalArgumentException("incident alert without 'severity'"));
        String timestamp = text(node, "timestamp")
                .orElseThrow(() -> new IllegalArgumentException("incident alert without 'timestamp'"));
        JsonNode context = node.path("context");
        return new IncidentAlert(
                text(node, "source").orElse("unknown"),
                message,
                severity(severityLabel),
                instant(timestamp),
                new AlertContext(
                        context.path("total_workers").asInt(0),
                        context.path("healthy_workers").asInt(0),
                        context.path("critical_workers").asInt(0)),
                text(node, "worker").filter(WorkerId::isValid).map(WorkerId::of));
    }

    /**
     * Parses one line of JSON into an incident alert.
     *
     * @param line one JSON object
     * @return the alert
     * @throws IllegalArgumentException when the line is not JSON or not an incident alert
     */
    public static IncidentAlert fromJsonLine(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON line: " + e.getOriginalMessage(), e);
        }
        if (node == null) {
            throw new IllegalArgumentException("empty line");
        }
        return fromJson(node);
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

    private static ObjectNode incident(IncidentAlert a) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("source", a.source());
        node.put("message", a.message());
        node.put("severity", a.severity().label());
        node.put("timestamp", timestamp(a.timestamp()));
        ObjectNode context = node.putObject("context");
        context.put("total_workers", a.context().totalWorkers());
        context.put("healthy_workers", a.context().healthyWorkers());
        context.put("critical_workers", a.context().criticalWorkers());
        node.put("kind", a.kind().label());
        a.worker().ifPresent(w -> node.put("worker", w.value()));
        return node;
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? Optional.empty() : Optional.of(v.asText());
    }

    private static AlertSeverity severity(String label) {
        for (AlertSeverity s : AlertSeverity.values()) {
            if (s.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + label + "'");
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("timestamp '" + text + "' is not ISO-8601", e);
                }
            }
        }
    }
}
