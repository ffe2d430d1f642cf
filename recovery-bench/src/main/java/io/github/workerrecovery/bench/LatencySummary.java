package io.github.workerrecovery.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The summary of one contender's latencies: count, median, p90, p99 and max, in milliseconds.
 *
 * <p>Percentiles are nearest-rank (the smallest sample with at least {@code q} of the samples at
 * or below it), so p99 and max are always samples that were really measured; the median is the
 * usual one (the mean of the two middle samples for an even count).
 *
 * @param count how many samples
 * @param medianMs the median
 * @param p90Ms the 90th percentile
 * @param p99Ms the 99th percentile
 * @param maxMs the largest sample
 */
public record LatencySummary(int count, double medianMs, double p90Ms, double p99Ms, double maxMs) {

    private static final double NANOS_PER_MS = 1_000_000.0;

    /**
     * @param nanos the samples, in nanoseconds; not modified
     * @return their summary
     * @throws IllegalArgumentException when there is no sample or one is negative
     */
    public static LatencySummary ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 0) {
            throw new IllegalArgumentException("a sample is negative: " + sorted[0]);
        }
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return new LatencySummary(n, median / NANOS_PER_MS, nearestRank(sorted, 0.90) / NANOS_PER_MS,
                nearestRank(sorted, 0.99) / NANOS_PER_MS, sorted[n - 1] / NANOS_PER_MS);
    }

    /** The sample at rank ceil(q * n), counted from 1. */
    static long nearestRank(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    /**
     * @param label the row's name, left-aligned in 24 columns
     * @return one table row: label, count, then median, p90, p99 and max with two decimals
     */
    public String row(String label) {
        return String.format(Locale.ROOT, "%-24s %6d %9.2f %9.2f %9.2f %9.2f", label, count, medianMs, p90Ms, p99Ms, maxMs);
    }

    /** @return the header that goes with {@link #row(String)} */
    public static String header() {
        return String.format(Locale.ROOT, "%-24s %6s %9s %9s %9s %9s", "contender", "count", "median", "p90", "p99", "max");
    }
}
