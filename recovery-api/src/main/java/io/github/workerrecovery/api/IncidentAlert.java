package io.github.workerrecovery.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An incident alert, with the fields of the original design's alert JSON.
 *
 * @param source who raised it, e.g. {@code "worker-auto-recovery"} or a plug-in's name
 * @param message one line, e.g. {@code "Worker simple_task_worker failed after 3 restart attempts"}
 * @param severity how urgent
 * @param timestamp when
 * @param context fleet counts at that moment
 * @param worker the worker concerned, when there is one
 */
public record IncidentAlert(
        String source,
        String message,
        AlertSeverity severity,
        Instant timestamp,
        AlertContext context,
        Optional<WorkerId> worker) implements SageEvent {

    /** Rejects nulls. */
    public IncidentAlert {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(worker, "worker");
    }

    @Override
    public SageEventKind kind() {
        return SageEventKind.INCIDENT;
    }
}
