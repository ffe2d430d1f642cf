package io.github.workerrecovery.micrometer;

import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/**
 * The meters of one {@link WorkerAutoRecovery} in the Prometheus text format, for a scrape
 * endpoint ({@code GET /metrics}): a {@link PrometheusMeterRegistry} of its own with a
 * {@link WorkerRecoveryMetrics} bound to it.
 *
 * <pre>{@code
 * PrometheusText prometheus = new PrometheusText(recovery);
 * // in the HTTP handler:
 * respond(200, PrometheusText.CONTENT_TYPE, prometheus.scrape());
 * }</pre>
 *
 * <p>Needs {@code io.micrometer:micrometer-registry-prometheus} on the class path (an optional
 * dependency of this module). More binders (JVM memory, GC, ...) may be bound to
 * {@link #registry()}. Thread-safe.
 */
public final class PrometheusText implements AutoCloseable {

    /** The content type of {@link #scrape()}: the Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final WorkerRecoveryMetrics metrics;

    /**
     * Binds the engine's meters to a new Prometheus registry with the default settings.
     *
     * @param recovery the engine
     * @throws IllegalStateException when the engine is closed
     */
    public PrometheusText(WorkerAutoRecovery recovery) {
        Objects.requireNonNull(recovery, "recovery");
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new WorkerRecoveryMetrics(recovery);
        try {
            metrics.bindTo(registry);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** @return every meter of the registry, in the Prometheus text format ({@link #CONTENT_TYPE}) */
    public String scrape() {
        return registry.scrape();
    }

    /** @return the registry, to bind more meters to */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Ends the event subscription and closes the registry. Idempotent. */
    @Override
    public void close() {
        metrics.close();
        registry.close();
    }
}
