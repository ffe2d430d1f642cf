package io.github.workerrecovery.oshi;

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
        Scratch scratch = SCRATCH.get().ensure(size);
        double[] t = scratch.t;
        double[] y = scratch.y;
        for (int i = 0; i < size; i++) {
            t[i] = seconds[(first + i) % seconds.length];
            y[i] = bytes[(first + i) % seconds.length];
        }
        double[] slopes = scratch.slopes;
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
        double slope = median(slopes, pairs);
        double[] sorted = scratch.sorted;
        for (int i = 0; i < size; i++) {
            sorted[i] = y[i] - slope * t[i];
        }
        double intercept = median(sorted, size);
        double olderFloor = Double.POSITIVE_INFINITY;
        double newerFloor = Double.POSITIVE_INFINITY;
        int half = size / 2;
        for (int i = 0; i < half; i++) {
            olderFloor = Math.min(olderFloor, y[i]);
            newerFloor = Math.min(newerFloor, y[size - half + i]);
        }
        System.arraycopy(y, 0, sorted, 0, size);
        double level = median(sorted, size);
        double span = t[size - 1] - t[0];
        return Optional.of(new TrendFit(size, slope, intercept + slope * t[size - 1], (double) rising / pairs,
                level <= 0 ? 0 : slope * span / level, level <= 0 ? 0 : (newerFloor - olderFloor) / level, span));
    }

    /**
     * Working arrays of a fit, one set per thread: a fit runs on every check of every instance, and
     * fresh arrays for it (the pair slopes alone are 435 doubles at the default window) were the
     * largest item in an idle daemon's allocation profile.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        double[] t = new double[0];
        double[] y = new double[0];
        double[] sorted = new double[0];
        double[] slopes = new double[0];

        Scratch ensure(int n) {
            if (t.length < n) {
                t = new double[n];
                y = new double[n];
                sorted = new double[n];
                slopes = new double[n * (n - 1) / 2];
            }
            return this;
        }
    }

    /**
     * The median of the first {@code n} values, which it reorders: a selection in linear time, not
     * a sort (the 435 pair slopes of the default window, on every check, showed in the idle
     * daemon's CPU profile).
     */
    private static double median(double[] values, int n) {
        int mid = n / 2;
        double upper = select(values, n, mid);
        if (n % 2 == 1) {
            return upper;
        }
        // selection left everything before mid no greater than values[mid]: the lower middle is their largest
        double lower = values[0];
        for (int i = 1; i < mid; i++) {
            lower = Math.max(lower, values[i]);
        }
        return (lower + upper) / 2;
    }

    /** Hoare's selection: reorders the first {@code n} values so that the k-th smallest is at {@code k}. */
    private static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = a[i];
                    a[i] = a[j];
                    a[j] = swap;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
