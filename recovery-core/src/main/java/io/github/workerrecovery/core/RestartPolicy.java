package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import io.github.workerrecovery.api.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How restarts are paced and budgeted: an exponential back-off from {@code backoffBase} capped
 * at {@code cooldown}, at most {@code maxAttempts} per instance within a sliding {@code window}
 * (like OTP's intensity and period). Immutable.
 *
 * @param cooldown cap of the back-off; {@code restart_cooldown}, default 300 s, > 0
 * @param backoffBase first step of the back-off, doubled per attempt; {@code restart_backoff_base},
 *     default 1 s, {@code >= 0} and {@code <= cooldown}
 * @param maxAttempts attempts per instance in the window before it is FAILED;
 *     {@code max_restart_attempts}, default 3, >= 0
 * @param window the sliding window of the budget; {@code restart_window}, default 10 min, > 0
 * @param gracefulStopTimeout stop request (SIGTERM) to kill wait; {@code graceful_stop_timeout},
 *     default 10 s, >= 0
 */
public record RestartPolicy(Duration cooldown, Duration backoffBase, int maxAttempts, Duration window,
                            Duration gracefulStopTimeout) {

    /** Default of {@code restart_cooldown}. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(300);
    /** Default of {@code restart_backoff_base}. */
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);
    /** Default of {@code max_restart_attempts}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default of {@code restart_window}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    /** Default of {@code graceful_stop_timeout}. */
    public static final Duration DEFAULT_GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Every default. */
    public static final RestartPolicy DEFAULTS = new RestartPolicy(DEFAULT_COOLDOWN, DEFAULT_BACKOFF_BASE,
            DEFAULT_MAX_ATTEMPTS, DEFAULT_WINDOW, DEFAULT_GRACEFUL_STOP_TIMEOUT);

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<RestartPolicy> KEYS = PartKeys.of(RestartPolicy.class,
            row("restart_cooldown", "cooldown", ConfigValue.DURATION),
            row("restart_backoff_base", "backoffBase", ConfigValue.DURATION),
            row("max_restart_attempts", "maxAttempts", ConfigValue.INT),
            row("restart_window", "window", ConfigValue.DURATION),
            row("graceful_stop_timeout", "gracefulStopTimeout", ConfigValue.DURATION));

    /** @throws NullPointerException when a duration is null */
    public RestartPolicy {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(gracefulStopTimeout, "gracefulStopTimeout");
    }

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, empty for the top level
     */
    public void validate(List<String> problems, String path) {
        Validation.positive(problems, Validation.at(path, "restart_cooldown"), cooldown);
        Validation.nonNegative(problems, Validation.at(path, "restart_backoff_base"), backoffBase);
        if (backoffBase.compareTo(cooldown) > 0) {
            problems.add(Validation.at(path, "restart_backoff_base") + ": must be <= restart_cooldown ("
                    + DurationText.format(cooldown) + ") but was " + DurationText.format(backoffBase));
        }
        Validation.atLeast(problems, Validation.at(path, "max_restart_attempts"), maxAttempts, 0);
        Validation.positive(problems, Validation.at(path, "restart_window"), window);
        Validation.nonNegative(problems, Validation.at(path, "graceful_stop_timeout"), gracefulStopTimeout);
    }
}
