package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How often and how patiently instances are checked. Immutable; the keys stay flat at the top of
 * a config file.
 *
 * @param interval time between health-check rounds; {@code health_check_interval}, default 30 s, > 0
 * @param probeTimeout time limit of one probe check, an overrun is UNKNOWN; {@code probe_timeout},
 *     default 10 s, > 0
 * @param consecutiveChecks checks in a row a problem must hold before it triggers;
 *     {@code consecutive_checks}, default 3, >= 1
 * @param unknownAfter how long probes must be unable to tell (and at least
 *     {@code consecutive_checks} rounds) before an instance becomes UNKNOWN, with one alert; a
 *     probe that cannot answer for a moment (a slow endpoint, a restart) is not worth an alert;
 *     {@code unknown_after}, default 30 s, > 0
 * @param firstCheckAfter time from a new incarnation's start to its first probe round, when
 *     sooner than {@code interval}: a fleet just started (or adopted, or scaled up) is judged
 *     within a second, not after up to a whole interval; {@code first_check_after}, default 1 s, > 0
 */
public record HealthCheckSettings(Duration interval, Duration probeTimeout, int consecutiveChecks, Duration unknownAfter,
                                  Duration firstCheckAfter) {

    /** Default of {@code health_check_interval}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** Default of {@code probe_timeout}. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** Default of {@code consecutive_checks}. */
    public static final int DEFAULT_CONSECUTIVE_CHECKS = 3;
    /** Default of {@code unknown_after}. */
    public static final Duration DEFAULT_UNKNOWN_AFTER = Duration.ofSeconds(30);
    /** Default of {@code first_check_after}. */
    public static final Duration DEFAULT_FIRST_CHECK_AFTER = Duration.ofSeconds(1);
    /** Every default. */
    public static final HealthCheckSettings DEFAULTS = new HealthCheckSettings(DEFAULT_INTERVAL, DEFAULT_PROBE_TIMEOUT,
            DEFAULT_CONSECUTIVE_CHECKS, DEFAULT_UNKNOWN_AFTER, DEFAULT_FIRST_CHECK_AFTER);

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<HealthCheckSettings> KEYS = PartKeys.of(HealthCheckSettings.class,
            row("health_check_interval", "interval", ConfigValue.DURATION),
            row("probe_timeout", "probeTimeout", ConfigValue.DURATION),
            row("consecutive_checks", "consecutiveChecks", ConfigValue.INT),
            row("unknown_after", "unknownAfter", ConfigValue.DURATION),
            row("first_check_after", "firstCheckAfter", ConfigValue.DURATION));

    /** @throws NullPointerException when a duration is null */
    public HealthCheckSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(unknownAfter, "unknownAfter");
        Objects.requireNonNull(firstCheckAfter, "firstCheckAfter");
    }

    /**
     * The settings of a file written before {@code first_check_after} existed.
     *
     * @param interval {@code health_check_interval}
     * @param probeTimeout {@code probe_timeout}
     * @param consecutiveChecks {@code consecutive_checks}
     * @param unknownAfter {@code unknown_after}
     */
    public HealthCheckSettings(Duration interval, Duration probeTimeout, int consecutiveChecks, Duration unknownAfter) {
        this(interval, probeTimeout, consecutiveChecks, unknownAfter, DEFAULT_FIRST_CHECK_AFTER);
    }

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, empty for the top level
     */
    public void validate(List<String> problems, String path) {
        Validation.positive(problems, Validation.at(path, "health_check_interval"), interval);
        Validation.positive(problems, Validation.at(path, "probe_timeout"), probeTimeout);
        Validation.atLeast(problems, Validation.at(path, "consecutive_checks"), consecutiveChecks, 1);
        Validation.positive(problems, Validation.at(path, "unknown_after"), unknownAfter);
        Validation.positive(problems, Validation.at(path, "first_check_after"), firstCheckAfter);
    }
}
