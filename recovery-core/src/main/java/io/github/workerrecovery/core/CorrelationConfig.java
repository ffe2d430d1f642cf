package io.github.workerrecovery.core;

import io.github.workerrecovery.api.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The correlated-failure guard ({@code correlation} section): when several instances of one
 * group fail with the same error within a short window, it is one outage of something they
 * share, not many broken workers. The engine then raises one incident alert, holds the
 * per-instance recoveries back (one "canary" attempt per back-off interval finds out when the
 * dependency is back) and resumes them once an instance is healthy again or {@code max_hold}
 * has passed. Immutable.
 *
 * @param enabled {@code enabled}: whether the guard runs (default true)
 * @param minInstances {@code min_workers}: distinct failing instances of a group that make an
 *     outage, {@code >= 2} (default 3); the instances of one worker count one by one, since a
 *     pool of instances all failing alike also points at something they share
 * @param minFraction {@code min_fraction}: share of a group's instances that makes an outage,
 *     with at least 2 failing, in (0, 1] (default 0.5)
 * @param window {@code window}: how close together the failures must be, {@code > 0} (default 30 s)
 * @param canaryInterval {@code canary_interval}: wait before the first canary attempt, doubled
 *     for each further one up to {@code restart_cooldown} (never below this value), {@code > 0}
 *     (default 30 s)
 * @param maxHold {@code max_hold}: the hold ends after this even if the outage is not over, so a
 *     permanent failure still gets per-instance recovery; {@code > window} (default 10 min)
 */
public record CorrelationConfig(boolean enabled, int minInstances, double minFraction, Duration window,
                                Duration canaryInterval, Duration maxHold) {

    /** Default of {@code min_workers}. */
    public static final int DEFAULT_MIN_WORKERS = 3;
    /** Default of {@code min_fraction}. */
    public static final double DEFAULT_MIN_FRACTION = 0.5;
    /** Default of {@code window}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    /** Default of {@code canary_interval}. */
    public static final Duration DEFAULT_CANARY_INTERVAL = Duration.ofSeconds(30);
    /** Default of {@code max_hold}. */
    public static final Duration DEFAULT_MAX_HOLD = Duration.ofMinutes(10);
    /** Every default, enabled. */
    public static final CorrelationConfig DEFAULTS = new CorrelationConfig(true, DEFAULT_MIN_WORKERS, DEFAULT_MIN_FRACTION,
            DEFAULT_WINDOW, DEFAULT_CANARY_INTERVAL, DEFAULT_MAX_HOLD);

    /** The keys of the {@code correlation} section, for the file reader. */
    static final PartKeys<CorrelationConfig> KEYS = PartKeys.of(CorrelationConfig.class,
            PartKeys.row("enabled", "enabled", ConfigValue.BOOLEAN),
            PartKeys.row("min_workers", "minInstances", ConfigValue.INT),
            PartKeys.row("min_fraction", "minFraction", ConfigValue.DOUBLE),
            PartKeys.row("window", "window", ConfigValue.DURATION),
            PartKeys.row("canary_interval", "canaryInterval", ConfigValue.DURATION),
            PartKeys.row("max_hold", "maxHold", ConfigValue.DURATION));

    /** Rejects nulls; the values are checked by {@link RecoveryConfigBuilder#build()}. */
    public CorrelationConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(canaryInterval, "canaryInterval");
        Objects.requireNonNull(maxHold, "maxHold");
    }

    /** @return the defaults: enabled, 3 instances or 50 %, within 30 s, canary after 30 s, hold at most 10 min */
    public static CorrelationConfig ofDefaults() {
        return DEFAULTS;
    }

    /** @return the defaults, switched off */
    public static CorrelationConfig disabled() {
        return ofDefaults().withEnabled(false);
    }

    /** @param value {@code enabled} @return a copy with it */
    public CorrelationConfig withEnabled(boolean value) {
        return new CorrelationConfig(value, minInstances, minFraction, window, canaryInterval, maxHold);
    }

    /** @param value {@code min_workers}, {@code >= 2} @return a copy with it */
    public CorrelationConfig withMinInstances(int value) {
        return new CorrelationConfig(enabled, value, minFraction, window, canaryInterval, maxHold);
    }

    /** @param value {@code min_fraction}, in (0, 1] @return a copy with it */
    public CorrelationConfig withMinFraction(double value) {
        return new CorrelationConfig(enabled, minInstances, value, window, canaryInterval, maxHold);
    }

    /** @param value {@code window}, {@code > 0} @return a copy with it */
    public CorrelationConfig withWindow(Duration value) {
        return new CorrelationConfig(enabled, minInstances, minFraction, value, canaryInterval, maxHold);
    }

    /** @param value {@code canary_interval}, {@code > 0} @return a copy with it */
    public CorrelationConfig withCanaryInterval(Duration value) {
        return new CorrelationConfig(enabled, minInstances, minFraction, window, value, maxHold);
    }

    /** @param value {@code max_hold}, {@code > window} @return a copy with it */
    public CorrelationConfig withMaxHold(Duration value) {
        return new CorrelationConfig(enabled, minInstances, minFraction, window, canaryInterval, value);
    }

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, {@code correlation} in a config
     */
    public void validate(List<String> problems, String path) {
        Validation.atLeast(problems, Validation.at(path, "min_workers"), minInstances, 2);
        if (!(minFraction > 0 && minFraction <= 1)) {
            problems.add(Validation.at(path, "min_fraction") + ": must be > 0 and <= 1 but was " + minFraction);
        }
        Validation.positive(problems, Validation.at(path, "window"), window);
        Validation.positive(problems, Validation.at(path, "canary_interval"), canaryInterval);
        Validation.positive(problems, Validation.at(path, "max_hold"), maxHold);
        if (maxHold.compareTo(window) <= 0 && !window.isNegative() && !window.isZero()) {
            problems.add(Validation.at(path, "max_hold") + ": must be > " + Validation.at(path, "window") + " ("
                    + DurationText.format(window) + ") but was " + DurationText.format(maxHold));
        }
    }
}
