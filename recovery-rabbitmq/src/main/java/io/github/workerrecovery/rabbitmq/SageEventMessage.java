package io.github.workerrecovery.rabbitmq;

import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageEvent;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A sage event as an AMQP message: the routing key {@code <kind>.<severity>} (e.g.
 * {@code incident.critical}, {@code task.high}) and a one-line JSON body with the same fields the
 * {@code jsonl} and {@code webhook} notifiers write. An incident keeps the original alert fields
 * {@code source, message, severity, timestamp, context{total_workers, healthy_workers,
 * critical_workers}} plus {@code kind} and {@code worker}; the other kinds start with
 * {@code kind, severity, message, timestamp} and add their own fields. Absent optional values are
 * left out.
 *
 * @param routingKey {@code <kind>.<severity>}
 * @param kind the event kind's label, also the message's {@code type}
 * @param json the body
 */
record SageEventMessage(String routingKey, String kind, String json) {

    /** Rejects nulls. */
    SageEventMessage {
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(json, "json");
    }

    /**
     * @param event a sage event
     * @return its message
     */
    static SageEventMessage of(SageEvent event) {
        Objects.requireNonNull(event, "event");
        String kind = event.kind().label();
        return new SageEventMessage(kind + "." + event.severity().label(), kind, body(event));
    }

    private static String body(SageEvent event) {
        JsonObjectWriter json = new JsonObjectWriter();
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(event.timestamp());
        if (event instanceof IncidentAlert a) {
            json.field("source", a.source())
                    .field("message", a.message())
                    .field("severity", a.severity().label())
                    .field("timestamp", timestamp)
                    .object("context", c -> c
                            .field("total_workers", a.context().totalWorkers())
                            .field("healthy_workers", a.context().healthyWorkers())
                            .field("critical_workers", a.context().criticalWorkers()))
                    .field("kind", event.kind().label());
            a.worker().ifPresent(w -> json.field("worker", w.value()));
            return json.toString();
        }
        json.field("kind", event.kind().label())
                .field("severity", event.severity().label())
                .field("message", event.message())
                .field("timestamp", timestamp);
        if (event instanceof RecoveryTask t) {
            json.field("instance", t.instance().toString())
                    .field("worker", t.instance().worker().value())
                    .field("slot", t.instance().slot())
                    .field("action", t.action())
                    .field("failure", t.failure().name())
                    .field("stage", t.stage().name());
            t.outcome().ifPresent(o -> json
                    .field("success", o.success())
                    .field("time_to_recover_ms", o.timeToRecover().toMillis())
                    .field("attempt", o.attempt()));
        } else if (event instanceof KnowledgeUpdate k) {
            json.field("failure", k.failure().name());
            k.pattern().ifPresent(p -> json.field("pattern", p));
            k.previousBest().ifPresent(p -> json.field("previous_best", p));
            json.field("new_best", k.newBest())
                    .field("attempts", k.stats().attempts())
                    .field("successes", k.stats().successes())
                    .field("success_rate", k.stats().successRate());
        } else if (event instanceof PatternInsight p) {
            p.worker().ifPresent(w -> json.field("worker", w.value()));
            json.field("pattern_id", p.patternId())
                    .field("description", p.description())
                    .field("occurrences", p.occurrences())
                    .field("suggestion", p.suggestion());
        }
        return json.toString();
    }
}
