package io.github.workerrecovery.core.prediction;

import java.time.Duration;
import java.time.Instant;

/**
 * One metric's normal on one worker, learned online, and a one-sided drift detector against it.
 *
 * <p><b>Baseline.</b> An exponentially weighted level and spread (the weighted mean absolute
 * deviation, scaled by 1.25 to estimate a standard deviation under normal noise) whose weight
 * falls by half every {@code halfLife} of wall time, so a slower or faster health-check interval
 * does not change how long it remembers. It is robust to outliers in two ways: a sample's residual
 * is clipped at {@value #CLIP} spreads before it moves the level or the spread (Huber), so one wild
 * sample moves the level by at most a few hundredths of a spread; and while the detector has
 * strong evidence of a drift, samples do not update the baseline at all, so a slow drift cannot teach
 * the baseline that it is normal. Until {@value #WARM_UP} samples are seen the weights are
 * {@code 1/n} (a plain mean), so the first samples are not overweighted by a tiny decay.
 *
 * <p><b>Drift.</b> A one-sided CUSUM of the standardised excess: {@code S = max(0, S + min(z, }{@value #Z_CAP}{@code ) - }{@value #SLACK}{@code )},
 * a drift when {@code S >= threshold}, and {@code S} never above {@code threshold + 3}, so that a
 * metric back to normal ends the drift within about four samples. The slack ignores excursions within one spread; the cap
 * means no single sample contributes more than {@value #Z_CAP}{@code  - }{@value #SLACK}, so at
 * the default threshold of 10 a step change needs four samples in a row well above normal, and a
 * slow drift is caught when its accumulated excess reaches the threshold. Samples stop updating
 * the baseline once the statistic is at half the threshold (not at any excess: healthy noise
 * above the level would then never be learned, and the level would sink below the true mean). Only upward drifts are
 * watched: every metric this is used for (memory, CPU, error rate, heartbeat age, latency, queue
 * depth, threads, descriptors) is worse when higher. The spread has a floor of 2 % of the level
 * (and {@value #MIN_SPREAD} absolute), so a metric that never moved does not call its first
 * small move a drift of a thousand spreads.
 *
 * <p><b>Hour of the day.</b> Beside the global level and spread, one per hour of the day (UTC) is
 * kept, learned from every sample of that hour: clipped as above (with the hour's spread once it
 * has {@value #WARM_UP} samples, with the global spread before that), a plain mean until the
 * exponential weight is the larger, then forgetting by half over {@value #HOUR_HALF_LIVES}
 * half-lives of that hour's own time (three days at the default of 1 h). Once an hour has
 * {@value #WARM_UP} samples and was first seen
 * at least {@value #HOUR_SEEN_BEFORE} hours earlier (it was seen on an earlier day: a day of data
 * exists), samples in that hour are judged against the hour's level and spread instead of the
 * global ones: a metric that is normally high at 03:00 raises no drift at 03:00, and a step at an
 * hour where it is normally low still does. The hour's figures learn even while the global ones
 * do not (during a drift): that is how the first night's high values become the normal of the
 * night; a single day's outlier moves them only by its clipped share. 96 floats (400 bytes) per
 * baseline, allocated with the first sample.
 *
 * <p>A drift that has lasted {@code horizon} is taken as the new normal: the baseline restarts
 * from the current values, and the other hours relearn over the next day (judged meanwhile by the
 * restarted global figures). The hour the drift ends in keeps what it learned during the drift
 * when it was judged by the global figures (the first night of a nightly batch), and starts over
 * from the current value when the drift was from its own normal. Not thread-safe: the engine thread
 * owns it.
 */
public final class RobustBaseline {

    /** Samples with plain-mean weights before the exponential weighting applies. */
    static final int WARM_UP = 20;
    /** Residuals are clipped at this many spreads before they update the baseline. */
    static final double CLIP = 3;
    /** Excess (in spreads) per sample that the drift statistic ignores. */
    static final double SLACK = 1;
    /** Largest standardised value one sample adds to the drift statistic. */
    static final double Z_CAP = 4;
    /** Absolute floor of the spread. */
    static final double MIN_SPREAD = 1e-3;
    /** Relative floor of the spread, as a share of the level. */
    static final double RELATIVE_FLOOR = 0.02;
    /** The mean absolute deviation of normal noise is 0.8 standard deviations. */
    private static final double MAD_TO_SIGMA = 1.25;
    /** An hour's figures forget by half over this many half-lives of that hour's own time. */
    static final int HOUR_HALF_LIVES = 3;
    /** An hour's sample count stops here: its weights are exponential long before. */
    static final int HOUR_MAX_COUNT = 1 << 20;
    /** Hours since an hour's first sample before its figures judge: it was seen on an earlier day. */
    static final int HOUR_SEEN_BEFORE = 23;
    /** The longest gap between two samples that an hour's weight counts: the next day's first is one check. */
    private static final double MAX_HOUR_GAP_SECONDS = 3600;

    private final double halfLifeSeconds;
    private final double threshold;
    private final Duration newNormalAfter;
    private final boolean hourOfDay;
    /**
     * Per hour of the day {@code h}, side by side so that a sample touches one cache line: level at
     * {@code 4h}, mean absolute deviation at {@code 4h + 1}, samples at {@code 4h + 2} (capped at
     * {@value #HOUR_MAX_COUNT}, exact in a float), the epoch hour of its first sample at {@code 4h + 3}
     * (exact in a float until the year 3900).
     */
    private float[] hours;
    /** Whether the latest sample was judged against its hour's figures (what {@link #level()} gives). */
    private boolean byHour;
    /** The hour of the day of the latest sample. */
    private int latestHour;
    private double lastHourGap = -1;
    private double lastHourWeight;
    private double level;
    private double meanAbsDev;
    private long samples;
    private Instant last;
    private double cusum;
    private Instant driftSince;

    /**
     * @param halfLife how fast the baseline forgets, {@code > 0}
     * @param threshold the CUSUM value that is a drift, {@code >= 1}
     * @param newNormalAfter how long a drift lasts before it becomes the new normal
     */
    public RobustBaseline(Duration halfLife, double threshold, Duration newNormalAfter) {
        this(halfLife, threshold, newNormalAfter, true);
    }

    /**
     * @param halfLife how fast the baseline forgets, {@code > 0}
     * @param threshold the CUSUM value that is a drift, {@code >= 1}
     * @param newNormalAfter how long a drift lasts before it becomes the new normal
     * @param hourOfDay whether to keep and use a level and spread per hour of the day
     */
    public RobustBaseline(Duration halfLife, double threshold, Duration newNormalAfter, boolean hourOfDay) {
        this.halfLifeSeconds = halfLife.toMillis() / 1000.0;
        this.threshold = threshold;
        this.newNormalAfter = newNormalAfter;
        this.hourOfDay = hourOfDay;
    }

    /**
     * Adds a sample: it is judged against the baseline first, then learned from unless it is part
     * of a drift.
     *
     * @param value the metric's value
     * @param at when it was measured
     * @return whether the metric drifts from its normal after this sample (the statistic is at
     *     the threshold and this sample is more than a spread above normal)
     */
    public boolean add(double value, Instant at) {
        if (!Double.isFinite(value)) {
            return drifting();
        }
        long epochHour = 0;
        if (hourOfDay) {
            epochHour = Math.floorDiv(at.getEpochSecond(), 3600);
            latestHour = (int) Math.floorMod(epochHour, 24L);
            byHour = hourReady(latestHour, epochHour);
        }
        // judged against the figures before this sample; its hour learns from it whatever the verdict
        double z = (value - level()) / spread();
        if (hourOfDay) {
            double gap = last == null ? 0 : Math.min(MAX_HOUR_GAP_SECONDS, Math.max(0,
                    (at.getEpochSecond() - last.getEpochSecond()) + (at.getNano() - last.getNano()) / 1e9));
            learnHour(latestHour, (int) epochHour, value, gap);
        }
        if (warm()) {
            // capped just above the threshold, so a drift that ends is over within a few normal samples
            cusum = Math.min(threshold + Z_CAP - SLACK, Math.max(0, cusum + Math.min(z, Z_CAP) - SLACK));
            if (cusum >= threshold) {
                if (driftSince == null) {
                    driftSince = at;
                } else if (!Duration.between(driftSince, at).minus(newNormalAfter).isNegative()) {
                    restartFrom(value, at); // it has lasted: the new normal
                    return false;
                }
            } else {
                driftSince = null;
            }
            if (cusum >= threshold / 2) {
                last = at;
                // evidence of a drift is not learned as normal; a sample back within a spread of
                // normal is no drift now, even while the statistic still decays
                return drifting() && z > SLACK;
            }
        }
        learn(value, at);
        return drifting();
    }

    private void learn(double value, Instant at) {
        samples++;
        double weight;
        if (samples <= WARM_UP || last == null) {
            weight = 1.0 / samples;
        } else {
            double dt = Math.max(0, Duration.between(last, at).toMillis() / 1000.0);
            weight = Math.max(1.0 / WARM_UP / 50, 1 - Math.pow(0.5, dt / halfLifeSeconds));
        }
        last = at;
        if (samples == 1) {
            level = value;
            meanAbsDev = 0;
            return;
        }
        double residual = value - level;
        double bound = CLIP * spreadOf(level, meanAbsDev);
        double clipped = samples <= WARM_UP ? residual : Math.max(-bound, Math.min(bound, residual));
        level += weight * clipped;
        meanAbsDev += weight * (Math.abs(clipped) - meanAbsDev);
    }

    private boolean hourReady(int hour, long epochHour) {
        return hours != null && hours[4 * hour + 2] >= WARM_UP && epochHour - (long) hours[4 * hour + 3] >= HOUR_SEEN_BEFORE;
    }

    /** The hour's own EWMA, as {@link #learn}'s, with its own warm-up, clip and slower forgetting. */
    private void learnHour(int hour, int epochHour, double value, double gapSeconds) {
        if (hours == null) {
            hours = new float[96];
        }
        int i = 4 * hour;
        float n = Math.min(HOUR_MAX_COUNT, hours[i + 2] + 1);
        hours[i + 2] = n;
        if (n == 1) {
            hours[i + 3] = epochHour;
            hours[i] = (float) value;
            hours[i + 1] = 0;
            return;
        }
        double hourLevel = hours[i];
        double hourMad = hours[i + 1];
        // a plain mean until the exponential weight is the larger: an hour sees few samples a day, and
        // its first ones would otherwise weigh on it (a wide spread from its first residuals) for days
        double weight = Math.max(1.0 / n, n <= WARM_UP ? 0 : Math.max(1.0 / WARM_UP / 50, hourWeight(gapSeconds)));
        double residual = value - hourLevel;
        // in the hour's own warm-up its spread means little yet: a spike among its first samples is
        // clipped with the global spread (once that is warm), else it would widen the hour for days
        double bound = n > WARM_UP ? CLIP * spreadOf(hourLevel, hourMad)
                : warm() ? CLIP * spreadOf(level, meanAbsDev) : Double.POSITIVE_INFINITY;
        double clipped = Math.max(-bound, Math.min(bound, residual));
        hours[i] = (float) (hourLevel + weight * clipped);
        hours[i + 1] = (float) (hourMad + weight * (Math.abs(clipped) - hourMad));
    }

    /** The exponential weight of a sample after a gap; the gap is nearly always the check interval: kept. */
    private double hourWeight(double gapSeconds) {
        if (gapSeconds != lastHourGap) {
            lastHourGap = gapSeconds;
            lastHourWeight = 1 - Math.pow(0.5, gapSeconds / (HOUR_HALF_LIVES * halfLifeSeconds));
        }
        return lastHourWeight;
    }

    private void restartFrom(double value, Instant at) {
        if (hours != null) {
            for (int h = 0; h < 24; h++) {
                if (h != latestHour) {
                    hours[4 * h + 2] = 0; // the other hours relearn the new normal over the next day
                }
            }
            if (byHour) {
                // the drift was from this hour's own normal: it starts over from here (a plain mean
                // again, judging once it has its samples: it was seen on an earlier day already)
                hours[4 * latestHour + 2] = 1;
                hours[4 * latestHour] = (float) value;
                hours[4 * latestHour + 1] = 0;
            }
            // else this hour keeps what it learned during the drift: a nightly batch is the night's normal
        }
        byHour = false;
        samples = 0;
        cusum = 0;
        driftSince = null;
        last = null;
        learn(value, at);
    }

    /**
     * Forgets the evidence of a drift: the failure it led to was detected, and what follows the
     * recovery is judged afresh.
     */
    public void endDrift() {
        cusum = 0;
        driftSince = null;
    }

    /** @return whether enough samples were seen to judge */
    public boolean warm() {
        return samples >= WARM_UP;
    }

    /** @return whether the metric currently drifts from its normal */
    public boolean drifting() {
        return cusum >= threshold;
    }

    /**
     * @return the normal level the latest sample was judged against: its hour's, once that hour has
     *     a day of data, else the global one
     */
    public double level() {
        return byHour ? hours[4 * latestHour] : level;
    }

    /** @return the normal spread (an estimate of one standard deviation), with its floor, as {@link #level()} */
    public double spread() {
        return byHour ? spreadOf(hours[4 * latestHour], hours[4 * latestHour + 1])
                : spreadOf(level, meanAbsDev);
    }

    /** @return the global level, over every hour */
    public double globalLevel() {
        return level;
    }

    /** @return whether the latest sample was judged against its hour of the day's figures */
    public boolean judgedByHour() {
        return byHour;
    }

    private static double spreadOf(double level, double meanAbsDev) {
        return Math.max(Math.max(MAD_TO_SIGMA * meanAbsDev, RELATIVE_FLOOR * Math.abs(level)), MIN_SPREAD);
    }

    /**
     * @param value a value
     * @return how many spreads above the normal level it is
     */
    public double zScore(double value) {
        return (value - level) / spread();
    }

    /** @return the drift statistic, 0 when there is no evidence of a drift */
    public double evidence() {
        return cusum;
    }

    /** @return the samples learned from */
    public long samples() {
        return samples;
    }
}
