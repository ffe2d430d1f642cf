package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Foretold;
import io.github.workerrecovery.core.prediction.ResourceCorrelator;
import java.util.Optional;

/**
 * What a prediction foretells, as rules on signals and metric names: which signal is a probe's own
 * prediction, and which failure kind a predictive action answers. Kept apart from
 * {@link ResourceWatch}, which decides when to predict and act; these only name things.
 */
final class PredictedFailures {

    private PredictedFailures() {
    }

    /**
     * @param s a signal
     * @return the metric by which it is a probe's own prediction (a WARNING that carries a
     *     {@value ResourceWatch#TIME_TO_PREFIX} metric, e.g. {@code MEMORY_LEAK} with {@code seconds_to_memory_threshold}),
     *     empty when it is not one
     */
    static Optional<String> predictedBy(HealthSignal s) {
        if (s.status() != HealthStatus.WARNING || s.failure().isEmpty() || s.metrics().isEmpty()) {
            return Optional.empty();
        }
        String found = null;
        for (String k : s.metrics().keySet()) {
            if (k.startsWith(ResourceWatch.TIME_TO_PREFIX) && (found == null || k.compareTo(found) < 0)) {
                found = k; // the first by name when there are several: the same every round
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The failure kind a predictive action for an error pattern is planned for: the failure it
     * foretells, except an exit (the process still runs, so it is not exited yet).
     */
    static FailureKind kindForPattern(Foretold foretold) {
        FailureKind f = foretold.failure().orElse(FailureKind.UNKNOWN);
        return f == FailureKind.PROCESS_EXITED || f == FailureKind.START_FAILED ? FailureKind.UNKNOWN : f;
    }

    /** The failure kind a predictive action is planned for: what the drifting metric measures. */
    static FailureKind kindFor(String metric, Foretold foretold) {
        if (ResourceCorrelator.memoryMetric(metric)) {
            return FailureKind.HIGH_MEMORY;
        }
        if (metric.contains("cpu")) {
            return FailureKind.HIGH_CPU;
        }
        if (metric.contains("error")) {
            return FailureKind.HIGH_ERROR_RATE;
        }
        if (metric.contains("heartbeat")) {
            return FailureKind.HEARTBEAT_TIMEOUT;
        }
        if (metric.contains("queue") || metric.contains("backlog")) {
            return FailureKind.QUEUE_BACKLOG;
        }
        if (metric.contains("latency") || metric.endsWith("_ms")) {
            return FailureKind.UNRESPONSIVE;
        }
        return kindForPattern(foretold);
    }
}
