package io.github.workerrecovery.core.prediction;

import io.github.workerrecovery.api.FailureKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the resources of one worker looked like before its failures of one kind and error
 * pattern, compared with the same worker's healthy baseline: per metric, in how many of those
 * failures it was above its normal, or rising, in the window before detection. Immutable; the
 * summary kept in {@code data/resource_correlations.json}.
 *
 * @param worker the worker's id
 * @param failure the failure kind
 * @param pattern the error pattern's id, empty for failures without one
 * @param failures how many failures were summarised
 * @param metrics one entry per metric seen before them, by name
 * @param lastFailure when the latest of them was detected
 */
public record ResourceCorrelation(String worker, FailureKind failure, Optional<String> pattern, long failures,
                                  List<MetricEvidence> metrics, Instant lastFailure) {

    /**
     * One metric before the failures.
     *
     * @param metric its name, e.g. {@code memory_percent}
     * @param seen failures with this metric in their window and a baseline to compare with
     * @param elevated of those, how many ended the window at least 3 spreads above the normal level
     * @param rising of those, how many rose over the window by at least 2 spreads
     * @param meanBefore the mean level at the end of the window (the last three samples), over {@code seen}
     * @param lowestElevated the lowest such level among the elevated failures; 0 when none
     * @param meanSlopePerMinute the mean slope per minute among the rising failures; 0 when none
     * @param meanNormal the mean of the healthy baseline's level at those failures, over {@code seen}
     */
    public record MetricEvidence(String metric, long seen, long elevated, long rising, double meanBefore,
                                 double lowestElevated, double meanSlopePerMinute, double meanNormal) {

        /** Rejects a null name and inconsistent counts. */
        public MetricEvidence {
            Objects.requireNonNull(metric, "metric");
            if (seen < 0 || elevated < 0 || rising < 0 || elevated > seen || rising > seen) {
                throw new IllegalArgumentException("inconsistent counts for metric " + metric + ": seen=" + seen
                        + " elevated=" + elevated + " rising=" + rising);
            }
        }

        /** @return how many showed the metric above normal or rising, whichever is more */
        public long showing() {
            return Math.max(elevated, rising);
        }
    }

    /**
     * A difference seen consistently: {@code 9 of 10 PROCESS_EXITED with pattern 3f2a1b0c
     * followed memory_percent above 80.2 (normal 41.0) rising 2.0/min}.
     *
     * @param metric the metric
     * @param count failures that showed it
     * @param of failures summarised
     * @param elevated whether most of them ended above normal
     * @param rising whether most of them rose
     * @param text the sentence
     */
    public record Finding(String metric, long count, long of, boolean elevated, boolean rising, String text) {
    }

    /** Rejects nulls; copies the list. */
    public ResourceCorrelation {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(lastFailure, "lastFailure");
        metrics = List.copyOf(metrics);
    }

    /**
     * The differences that are consistent: a metric that was above its normal or rising before at
     * least {@code minShare} of at least {@code minFailures} failures, strongest first.
     *
     * @param minFailures failures needed before anything is said
     * @param minShare share of the failures that must show the difference
     * @return the findings, most consistent first
     */
    public List<Finding> findings(int minFailures, double minShare) {
        List<Finding> out = new ArrayList<>();
        if (failures < minFailures) {
            return out;
        }
        metrics.stream()
                .filter(m -> m.showing() >= minShare * failures)
                .sorted(Comparator.comparingLong(MetricEvidence::showing).reversed().thenComparing(MetricEvidence::metric))
                .forEach(m -> {
                    boolean high = m.elevated() >= minShare * failures;
                    boolean up = m.rising() >= minShare * failures;
                    out.add(new Finding(m.metric(), m.showing(), failures, high, up, sentence(m, high, up)));
                });
        return out;
    }

    private String sentence(MetricEvidence m, boolean high, boolean up) {
        StringBuilder s = new StringBuilder().append(m.showing()).append(" of ").append(failures).append(' ')
                .append(failure).append(pattern.map(p -> " with pattern " + p).orElse("")).append(" followed ")
                .append(m.metric());
        if (high) {
            s.append(" above ").append(number(m.lowestElevated()));
        }
        if (up) {
            s.append(" rising ").append(number(m.meanSlopePerMinute())).append("/min");
        }
        return s.append(" (normal ").append(number(m.meanNormal())).append(')').toString();
    }

    static String number(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }
}
