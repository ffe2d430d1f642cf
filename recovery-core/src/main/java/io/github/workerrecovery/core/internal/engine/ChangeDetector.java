package io.github.workerrecovery.core.internal.engine;

/**
 * Notices that an action's chance of fixing one (failure kind, error pattern) has changed: a
 * deploy changed the cause, and the fix that always worked stops working (or one that never did
 * starts to). A Bernoulli generalised likelihood-ratio test over the action's own outcomes, in the
 * spirit of Besson, Kaufmann, Maillard and Seznec, "Efficient change-point detection for tackling
 * piecewise-stationary bandits" (JMLR 2022), written for this engine's bounded memory:
 *
 * <pre>
 *   outcomes of the current segment  = older ones (counted only: n0 attempts, s0 successes)
 *                                      + the latest {@value #WINDOW} (kept one bit each)
 *   for every split k = 1..window:     after = the latest k outcomes, before = all the others
 *     GLR(k) = n1 * kl(p1, p) + n2 * kl(p2, p)          p1, p2, p: success rates before, after, overall
 *   a change when max_k GLR(k) > ln(3 * n^1.5 / delta)   n = n1 + n2, delta = {@value #DELTA}
 * </pre>
 *
 * <p>The threshold grows with the logarithm of the evidence only, so however long an action has
 * worked, a few failures in a row after a change are enough: 6 after 10 successes (where the
 * posterior alone already turns), 4 after 50, 3 after 1,000 ({@code ChangeDetectorTest}); and a fix
 * that works 70 % of the time is not flagged for a run of bad luck (the false-alarm budget
 * {@code delta} per test). A sliding window or discounting
 * would forget good evidence at a constant rate whether or not anything changed: in a stationary
 * world that is exploration paid forever; the test forgets only when the evidence says so.
 *
 * <p>Pure functions; the caller keeps the bits.
 */
final class ChangeDetector {

    /** Latest outcomes kept per key, one bit each. */
    static final int WINDOW = 64;

    /** The false-alarm budget of one test. */
    static final double DELTA = 0.01;

    private ChangeDetector() {
    }

    /**
     * @param olderAttempts attempts of the current segment older than the window
     * @param olderSuccesses successes among them
     * @param bits the latest outcomes, bit 0 the most recent, 1 for a success
     * @param count how many bits hold outcomes, 0..{@value #WINDOW}
     * @return how many of the latest outcomes make the new segment, or 0 when no change is seen
     */
    static int changePoint(long olderAttempts, long olderSuccesses, long bits, int count) {
        long n = olderAttempts + count;
        long s = olderSuccesses + Long.bitCount(bits & mask(count));
        if (n < 3) {
            return 0;
        }
        double p = (double) s / n;
        double threshold = Math.log(3 * Math.pow(n, 1.5) / DELTA);
        int best = 0;
        double bestStat = threshold;
        for (int k = 1; k <= count; k++) {
            long n2 = k;
            long s2 = Long.bitCount(bits & mask(k));
            long n1 = n - n2;
            long s1 = s - s2;
            if (n1 == 0) {
                break;
            }
            double stat = n1 * kl((double) s1 / n1, p) + n2 * kl((double) s2 / n2, p);
            if (stat > bestStat) {
                bestStat = stat;
                best = k;
            }
        }
        return best;
    }

    /** @return the lowest {@code k} bits set */
    static long mask(int k) {
        return k >= 64 ? -1L : (1L << k) - 1;
    }

    /** Bernoulli Kullback-Leibler divergence kl(x, y), with 0 log 0 = 0. */
    static double kl(double x, double y) {
        double eps = 1e-12;
        double q = Math.min(Math.max(y, eps), 1 - eps);
        double a = x <= 0 ? 0 : x * Math.log(x / q);
        double b = x >= 1 ? 0 : (1 - x) * Math.log((1 - x) / (1 - q));
        return a + b;
    }
}
