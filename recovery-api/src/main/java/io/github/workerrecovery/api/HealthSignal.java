package io.github.workerrecovery.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one probe saw of one instance at one moment.
 *
 * @param probe the name of the probe that produced it
 * @param status the verdict
 * @param failure the failure kind when the status is a problem, e.g. {@link FailureKind#HIGH_CPU}
 * @param reason one line saying why, e.g. {@code "cpu 93.0% > 80.0%"}; empty when healthy
 * @param metrics the numbers measured, keyed by name ({@code cpu_percent}, {@code heartbeat_age_seconds}, ...)
 * @param errors error text seen (e.g. stderr lines), oldest first
 * @param at when it was measured
 */
public record HealthSignal(
        String probe,
        HealthStatus status,
        Optional<FailureKind> failure,
        String reason,
        Map<String, Double> metrics,
        List<String> errors,
        Instant at) {

    /** Copies the collections; rejects nulls. */
    public HealthSignal {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        metrics = Map.copyOf(metrics);
        errors = List.copyOf(errors);
    }

    /**
     * @param probe the probe's name
     * @param at when
     * @return a HEALTHY signal without metrics
     */
    public static HealthSignal healthy(String probe, Instant at) {
        return new HealthSignal(probe, HealthStatus.HEALTHY, Optional.empty(), "", Map.of(), List.of(), at);
    }

    /**
     * @param probe the probe's name
     * @param status the verdict, a problem status
     * @param failure what kind of failure
     * @param reason one line saying why
     * @param at when
     * @return a signal without metrics
     */
    public static HealthSignal problem(String probe, HealthStatus status, FailureKind failure, String reason, Instant at) {
        return new HealthSignal(probe, status, Optional.of(failure), reason, Map.of(), List.of(), at);
    }

    /**
     * @param probe the probe's name
     * @param reason why it could not answer
     * @param at when
     * @return an UNKNOWN signal
     */
    public static HealthSignal unknown(String probe, String reason, Instant at) {
        return new HealthSignal(probe, HealthStatus.UNKNOWN, Optional.empty(), reason, Map.of(), List.of(), at);
    }

    /**
     * @param newMetrics metrics to attach (replacing any)
     * @return a copy with these metrics
     */
    public HealthSignal withMetrics(Map<String, Double> newMetrics) {
        return new HealthSignal(probe, status, failure, reason, newMetrics, errors, at);
    }

    /**
     * @param newErrors error lines to attach (replacing any)
     * @return a copy with these errors
     */
    public HealthSignal withErrors(List<String> newErrors) {
        return new HealthSignal(probe, status, failure, reason, metrics, newErrors, at);
    }
}
