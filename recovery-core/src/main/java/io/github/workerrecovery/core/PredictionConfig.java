package io.github.workerrecovery.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Resource correlation and prediction ({@code prediction} section): what the resources of a worker
 * looked like before each of its failures, compared with its own healthy baseline; early warnings
 * when a metric drifts from that baseline; and, on workers that allow it ({@code predictive}),
 * the fixing action run before a failure whose learned precursor is showing. Immutable.
 *
 * @param enabled {@code enabled}: whether resources are correlated, baselines kept and drifts
 *     reported (default true); {@code false} also switches predictive actions off
 * @param window {@code window}: how far before a detection the resource samples are kept and
 *     summarised, {@code > 0} (default 10 min)
 * @param minFailures {@code min_failures}: failures of one worker, failure kind and error pattern
 *     before a difference is stated, {@code >= 2} (default 3)
 * @param minShare {@code min_share}: share of those failures that must show the same difference
 *     for it to be consistent, in (0.5, 1] (default 0.7)
 * @param driftThreshold {@code drift_threshold}: how much standardised excess above its baseline
 *     a metric must accumulate (a one-sided CUSUM with slack 1, each sample's share capped at 3)
 *     before it is a drift, {@code >= 1} (default 10)
 * @param baselineHalfLife {@code baseline_half_life}: how fast a worker's healthy baseline
 *     forgets, {@code > 0} (default 1 h)
 * @param horizon {@code horizon}: how long after a precursor or drift the predicted failure may
 *     come and still count as predicted; a drift that lasts this long without a failure is the
 *     new normal, {@code > 0} (default 30 min)
 * @param watchEvery {@code watch_every}: every how many predictions of a precursor that may act one
 *     is only watched, so that its false alarms keep being counted while it acts, {@code 0} (never)
 *     or {@code >= 2} (default 8)
 * @param hourOfDay {@code hour_of_day}: whether each baseline also keeps a level and spread per hour
 *     of the day, used for drift once that hour has enough samples (default true)
 */
public record PredictionConfig(boolean enabled, Duration window, int minFailures, double minShare,
                               double driftThreshold, Duration baselineHalfLife, Duration horizon, int watchEvery,
                               boolean hourOfDay) {

    /** Default of {@code window}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    /** Default of {@code min_failures}. */
    public static final int DEFAULT_MIN_FAILURES = 3;
    /** Default of {@code min_share}. */
    public static final double DEFAULT_MIN_SHARE = 0.7;
    /** Default of {@code drift_threshold}. */
    public static final double DEFAULT_DRIFT_THRESHOLD = 10;
    /** Default of {@code baseline_half_life}. */
    public static final Duration DEFAULT_BASELINE_HALF_LIFE = Duration.ofHours(1);
    /** Default of {@code horizon}. */
    public static final Duration DEFAULT_HORIZON = Duration.ofMinutes(30);
    /** Default of {@code watch_every}. */
    public static final int DEFAULT_WATCH_EVERY = 8;
    /** Every default, enabled. */
    public static final PredictionConfig DEFAULTS = new PredictionConfig(true, DEFAULT_WINDOW, DEFAULT_MIN_FAILURES,
            DEFAULT_MIN_SHARE, DEFAULT_DRIFT_THRESHOLD, DEFAULT_BASELINE_HALF_LIFE, DEFAULT_HORIZON, DEFAULT_WATCH_EVERY,
            true);

    /** The keys of the {@code prediction} section, for the file reader. */
    static final PartKeys<PredictionConfig> KEYS = PartKeys.of(PredictionConfig.class,
            PartKeys.row("enabled", "enabled", ConfigValue.BOOLEAN),
            PartKeys.row("window", "window", ConfigValue.DURATION),
            PartKeys.row("min_failures", "minFailures", ConfigValue.INT),
            PartKeys.row("min_share", "minShare", ConfigValue.DOUBLE),
            PartKeys.row("drift_threshold", "driftThreshold", ConfigValue.DOUBLE),
            PartKeys.row("baseline_half_life", "baselineHalfLife", ConfigValue.DURATION),
            PartKeys.row("horizon", "horizon", ConfigValue.DURATION),
            PartKeys.row("watch_every", "watchEvery", ConfigValue.INT),
            PartKeys.row("hour_of_day", "hourOfDay", ConfigValue.BOOLEAN));

    /** Rejects nulls; the values are checked by {@link RecoveryConfigBuilder#build()}. */
    public PredictionConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(baselineHalfLife, "baselineHalfLife");
        Objects.requireNonNull(horizon, "horizon");
    }

    /**
     * @return the defaults: enabled, 10 min window, 3 failures, 70 %, drift 10, half-life 1 h, horizon
     *     30 min, every 8th trusted prediction watched, hour-of-day baselines
     */
    public static PredictionConfig ofDefaults() {
        return DEFAULTS;
    }

    /** @param value {@code enabled} @return a copy with it */
    public PredictionConfig withEnabled(boolean value) {
        return KEYS.with(this, "enabled", value);
    }

    /** @param value {@code window}, {@code > 0} @return a copy with it */
    public PredictionConfig withWindow(Duration value) {
        return KEYS.with(this, "window", value);
    }

    /** @param value {@code min_failures}, {@code >= 2} @return a copy with it */
    public PredictionConfig withMinFailures(int value) {
        return KEYS.with(this, "min_failures", value);
    }

    /** @param value {@code horizon}, {@code > 0} @return a copy with it */
    public PredictionConfig withHorizon(Duration value) {
        return KEYS.with(this, "horizon", value);
    }

    /** @param value {@code watch_every}, 0 or {@code >= 2} @return a copy with it */
    public PredictionConfig withWatchEvery(int value) {
        return KEYS.with(this, "watch_every", value);
    }

    /** @param value {@code hour_of_day} @return a copy with it */
    public PredictionConfig withHourOfDay(boolean value) {
        return KEYS.with(this, "hour_of_day", value);
    }

    /** @param value {@code baseline_half_life}, {@code > 0} @return a copy with it */
    public PredictionConfig withBaselineHalfLife(Duration value) {
        return KEYS.with(this, "baseline_half_life", value);
    }

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, {@code prediction} in a config
     */
    public void validate(List<String> problems, String path) {
        Validation.positive(problems, Validation.at(path, "window"), window);
        Validation.atLeast(problems, Validation.at(path, "min_failures"), minFailures, 2);
        if (!(minShare > 0.5 && minShare <= 1)) {
            problems.add(Validation.at(path, "min_share") + ": must be > 0.5 and <= 1 but was " + minShare);
        }
        Validation.atLeast(problems, Validation.at(path, "drift_threshold"), driftThreshold, 1);
        Validation.positive(problems, Validation.at(path, "baseline_half_life"), baselineHalfLife);
        Validation.positive(problems, Validation.at(path, "horizon"), horizon);
        if (watchEvery < 0 || watchEvery == 1) {
            problems.add(Validation.at(path, "watch_every") + ": must be 0 (never) or >= 2 but was " + watchEvery);
        }
    }
}
