package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How recovery actions run and are verified. Immutable.
 *
 * @param actionTimeout time limit of one action, an overrun is a failed attempt;
 *     {@code action_timeout}, default 60 s, > 0
 * @param verificationWindow how long after an action the instance has to be healthy;
 *     {@code verification_window}, default 60 s, > 0
 * @param verificationInterval time between checks while verifying; {@code verification_interval},
 *     default 1 s, > 0
 * @param maxConcurrent recoveries running at once; {@code max_concurrent_recoveries}, default 2, >= 1
 */
public record RecoverySettings(Duration actionTimeout, Duration verificationWindow, Duration verificationInterval,
                               int maxConcurrent) {

    /** Default of {@code action_timeout}. */
    public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@code verification_window}. */
    public static final Duration DEFAULT_VERIFICATION_WINDOW = Duration.ofSeconds(60);
    /** Default of {@code verification_interval}. */
    public static final Duration DEFAULT_VERIFICATION_INTERVAL = Duration.ofSeconds(1);
    /** Default of {@code max_concurrent_recoveries}. */
    public static final int DEFAULT_MAX_CONCURRENT = 2;
    /** Every default. */
    public static final RecoverySettings DEFAULTS = new RecoverySettings(DEFAULT_ACTION_TIMEOUT,
            DEFAULT_VERIFICATION_WINDOW, DEFAULT_VERIFICATION_INTERVAL, DEFAULT_MAX_CONCURRENT);

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<RecoverySettings> KEYS = PartKeys.of(RecoverySettings.class,
            row("action_timeout", "actionTimeout", ConfigValue.DURATION),
            row("verification_window", "verificationWindow", ConfigValue.DURATION),
            row("verification_interval", "verificationInterval", ConfigValue.DURATION),
            row("max_concurrent_recoveries", "maxConcurrent", ConfigValue.INT));

    /** @throws NullPointerException when a duration is null */
    public RecoverySettings {
        Objects.requireNonNull(actionTimeout, "actionTimeout");
        Objects.requireNonNull(verificationWindow, "verificationWindow");
        Objects.requireNonNull(verificationInterval, "verificationInterval");
    }

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, empty for the top level
     */
    public void validate(List<String> problems, String path) {
        Validation.positive(problems, Validation.at(path, "action_timeout"), actionTimeout);
        Validation.positive(problems, Validation.at(path, "verification_window"), verificationWindow);
        Validation.positive(problems, Validation.at(path, "verification_interval"), verificationInterval);
        Validation.atLeast(problems, Validation.at(path, "max_concurrent_recoveries"), maxConcurrent, 1);
    }
}
