package io.github.workerrecovery.core.prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The recent resource samples of one instance: every metric its probes reported, one sample per
 * health round, kept for a time window and at most {@value #MAX_SAMPLES} samples (memory stays
 * bounded whatever the interval). Summarised per metric when a failure is detected. Not
 * thread-safe: the engine thread owns it.
 */
public final class ResourceWindow {

    /** Samples kept at most, whatever the window: 10 min at a 5 s interval. */
    static final int MAX_SAMPLES = 120;

    /** One health round's metrics. */
    record Sample(Instant at, Map<String, Double> metrics) {
    }

    /**
     * What one metric did in the window.
     *
     * @param metric its name
     * @param samples how many samples had it
     * @param last the mean of the last three samples (one sample is no evidence of a level)
     * @param max the highest sample
     * @param slopePerMinute the Theil–Sen slope over the window, per minute of wall time
     * @param spanMinutes the time between its first and last sample, in minutes
     */
    public record MetricTrend(String metric, int samples, double last, double max, double slopePerMinute,
                              double spanMinutes) {

        /** @return the rise the slope makes over the span */
        public double rise() {
            return slopePerMinute * spanMinutes;
        }
    }

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** @param window how far back samples are kept */
    public ResourceWindow(Duration window) {
        this.window = window;
    }

    /**
     * @param metrics the round's metrics (an immutable map: it is kept as it is)
     * @param at when
     */
    public void add(Map<String, Double> metrics, Instant at) {
        if (metrics.isEmpty()) {
            return;
        }
        samples.addLast(new Sample(at, metrics));
        Instant cutoff = at.minus(window);
        while (samples.size() > MAX_SAMPLES || samples.peekFirst().at().isBefore(cutoff)) {
            samples.pollFirst();
        }
    }

    /** Forgets every sample: a new incarnation's resources start afresh. */
    public void clear() {
        samples.clear();
    }

    /** @return how many samples are kept */
    public int size() {
        return samples.size();
    }

    /**
     * @param before only samples taken at or before this instant (the detection)
     * @return each metric's trend over the window, by metric name; metrics seen in fewer than
     *     two samples have no trend and are left out
     */
    public Map<String, MetricTrend> trends(Instant before) {
        Map<String, List<double[]>> points = new TreeMap<>();
        Instant cutoff = before.minus(window);
        for (Sample s : samples) {
            if (s.at().isAfter(before) || s.at().isBefore(cutoff)) {
                continue;
            }
            double minute = s.at().toEpochMilli() / 60_000.0;
            for (Map.Entry<String, Double> e : s.metrics().entrySet()) {
                if (Double.isFinite(e.getValue())) {
                    points.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {minute, e.getValue()});
                }
            }
        }
        Map<String, MetricTrend> out = new TreeMap<>();
        for (Map.Entry<String, List<double[]>> e : points.entrySet()) {
            List<double[]> p = e.getValue();
            if (p.size() < 2) {
                continue;
            }
            int n = p.size();
            double last = 0;
            int tail = Math.min(3, n);
            for (int i = n - tail; i < n; i++) {
                last += p.get(i)[1] / tail;
            }
            double max = p.stream().mapToDouble(x -> x[1]).max().orElse(0);
            out.put(e.getKey(), new MetricTrend(e.getKey(), n, last, max, theilSen(p), p.get(n - 1)[0] - p.get(0)[0]));
        }
        return out;
    }

    /** @return the metric names of the kept samples */
    public java.util.Set<String> metrics() {
        java.util.Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.addAll(s.metrics().keySet()));
        return names;
    }

    /** The median of the pairwise slopes: one wild sample cannot move it. At most 120² / 2 pairs. */
    static double theilSen(List<double[]> p) {
        int n = p.size();
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = p.get(j)[0] - p.get(i)[0];
                if (dx > 0) {
                    slopes[k++] = (p.get(j)[1] - p.get(i)[1]) / dx;
                }
            }
        }
        if (k == 0) {
            return 0;
        }
        double[] used = Arrays.copyOf(slopes, k);
        Arrays.sort(used);
        return k % 2 == 1 ? used[k / 2] : (used[k / 2 - 1] + used[k / 2]) / 2;
    }
}
