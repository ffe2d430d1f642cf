package io.github.workerrecovery.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.SageEventKind;
import io.github.workerrecovery.api.WorkerId;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@link IncidentAlert} on the wire: the original design's alert fields exactly, then
 * {@code kind} and, when there is one, {@code worker}:
 * <pre>{@code
 * {"source":"worker-auto-recovery","message":"...","severity":"critical",
 *  "timestamp":"2026-01-01T00:00:00Z",
 *  "context":{"total_workers":3,"healthy_workers":2,"critical_workers":1},
 *  "kind":"incident","worker":"simple_task_worker"}
 * }</pre>
 *
 * @param source who raised it
 * @param message the text
 * @param severity {@code critical}, {@code high}, {@code medium} or {@code low}
 * @param timestamp when, ISO-8601
 * @param context the worker counts
 * @param kind always {@code incident}
 * @param worker the worker concerned, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentAlertDto(String source, String message, String severity, String timestamp,
                               ContextDto context, String kind, String worker) implements SageEventDto {

    /**
     * The worker counts of an alert; a count missing from a file reads as 0.
     *
     * @param totalWorkers instances supervised
     * @param healthyWorkers of which healthy
     * @param criticalWorkers of which critical
     */
    public record ContextDto(Integer totalWorkers, Integer healthyWorkers, Integer criticalWorkers) {
    }

    /**
     * @param a an alert
     * @return its wire form
     */
    public static IncidentAlertDto of(IncidentAlert a) {
        AlertContext c = a.context();
        return new IncidentAlertDto(a.source(), a.message(), a.severity().label(), a.timestamp().toString(),
                new ContextDto(c.totalWorkers(), c.healthyWorkers(), c.criticalWorkers()), a.kind().label(),
                a.worker().map(WorkerId::value).orElse(null));
    }

    /**
     * The alert this describes. {@code message}, {@code severity} and {@code timestamp} are
     * required; a missing {@code source} reads as {@code "unknown"}, a missing context or count as
     * {@code 0}, and a missing or unsafe {@code worker} as none. A timestamp may be an ISO-8601
     * instant, an offset date-time, or a local date-time (read as UTC, as older Python-written
     * files have them); a severity is read in any case.
     *
     * @return the alert
     * @throws IllegalArgumentException when a required field is missing or invalid
     */
    public IncidentAlert toAlert() {
        if (kind != null && !kind.equals(SageEventKind.INCIDENT.label())) {
            throw new IllegalArgumentException("not an incident alert: kind is '" + kind + "'");
        }
        if (message == null) {
            throw new IllegalArgumentException("incident alert without 'message'");
        }
        if (severity == null) {
            throw new IllegalArgumentException("incident alert without 'severity'");
        }
        if (timestamp == null) {
            throw new IllegalArgumentException("incident alert without 'timestamp'");
        }
        ContextDto c = context == null ? new ContextDto(0, 0, 0) : context;
        return new IncidentAlert(source == null ? "unknown" : source, message, severity(severity), instant(timestamp),
                new AlertContext(orZero(c.totalWorkers()), orZero(c.healthyWorkers()), orZero(c.criticalWorkers())),
                Optional.ofNullable(worker).filter(WorkerId::isValid).map(WorkerId::of));
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
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
