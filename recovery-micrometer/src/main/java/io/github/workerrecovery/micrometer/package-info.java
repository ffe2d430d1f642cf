/**
 * Micrometer meters for Worker Auto-Recovery: {@link io.github.workerrecovery.micrometer.WorkerRecoveryMetrics}
 * binds the meters of one {@code WorkerAutoRecovery} to any {@code MeterRegistry} (Prometheus,
 * JMX, OTLP, ...); {@link io.github.workerrecovery.micrometer.PrometheusText} renders them in the
 * Prometheus text format for a scrape endpoint.
 *
 * <p><b>Exported surface:</b> those two classes and the meter names of
 * {@code WorkerRecoveryMetrics}; everything package-private is internal. This module uses the
 * public API of {@code recovery-core} and {@code recovery-api} only, and nothing below it names
 * this module or Micrometer (a build test enforces both).
 */
package io.github.workerrecovery.micrometer;
