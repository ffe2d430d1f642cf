package io.github.workerrecovery.oshi;

import java.util.Arrays;
import java.util.Optional;

/**
 * The most recent resident-memory samples of one process (a sliding window) and a robust fit of
 * their trend: the Theil–Sen slope, the median of the slopes between every pair of samples, which
 * one wild sample cannot move (it changes only the pairs it is part of) and which needs no
 * regular spacing. Not thread-safe: one per process, used by one check at a time.
 */
final class MemoryTrend {

    private final double[] seconds;
    private final double[] bytes;
    private int first;
    private int size;
    private long originNanos;

    /**
     * @param window how many samples are kept, the newest replacing the oldest; {@code >= 2}
     */
    MemoryTrend(int window) {
        if (window < 2) {
            throw new IllegalArgumentException("a trend window needs at least 2 samples but was " + window);
        }
        this.seconds = new double[window];
        this.bytes = new double[window];
    }

    /**
     * @param atNanos when it was measured, on a monotonic clock; later than the previous sample
     * @param rssBytes resident memory
     */
    void add(long atNanos, long rssBytes) {
        if (size == 0) {
            originNanos = atNanos;
        }
        int slot = (first + size) % seconds.length;
        if (size == seconds.length) {
            first = (first + 1) % seconds.length;
        } else {
            size++;
        }
        seconds[slot] = (atNanos - originNanos) / 1e9;
        bytes[slot] = rssBytes;
    }

    /** @return the samples held */
    int size() {
        return size;
    }

    /** @return the fit of the samples held, empty with fewer than 4 (two per half are needed) */
    Optional<TrendFit> fit() {
        if (size < 4) {
            return Optional.empty();
        }
        double[] t = new double[size];
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            t[i] = seconds[(first + i) % seconds.length];
            y[i] = bytes[(first + i) % seconds.length];
        }
        double[] slopes = new double[size * (size - 1) / 2];
        int pairs = 0;
        int rising = 0;
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                double dt = t[j] - t[i];
                if (dt <= 0) {
                    continue;
                }
                double slope = (y[j] - y[i]) / dt;
                slopes[pairs++] = slope;
                if (slope > 0) {
                    rising++;
                }
            }
        }
        if (pairs == 0) {
            return Optional.empty();
        }
        double slope = median(Arrays.copyOf(slopes, pairs));
        double[] offsets = new double[size];
        for (int i = 0; i < size; i++) {
            offsets[i] = y[i] - slope * t[i];
        }
        double intercept = median(offsets);
        double level = median(y.clone());
        int half = size / 2;
        double olderFloor = Arrays.stream(y, 0, half).min().orElseThrow();
        double newerFloor = Arrays.stream(y, size - half, size).min().orElseThrow();
        double span = t[size - 1] - t[0];
        return Optional.of(new TrendFit(size, slope, intercept + slope * t[size - 1], (double) rising / pairs,
                level <= 0 ? 0 : slope * span / level, level <= 0 ? 0 : (newerFloor - olderFloor) / level, span));
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
