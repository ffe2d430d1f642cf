package io.github.workerrecovery.core;

import java.util.List;

/**
 * Preventive suggestions ({@code advice} section): a pattern that keeps coming back on one worker,
 * or a worker whose recoveries keep needing the dearer actions, produces a pattern insight with a
 * concrete suggestion, at most once a day per worker and pattern. Immutable.
 *
 * @param enabled {@code enabled}: whether suggestions are made (default true)
 * @param recurrencePerDay {@code recurrence_per_day}: a pattern seen more often than this within
 *     a sliding 24 h on one worker is reported, {@code >= 1} (default 10)
 * @param costlyStreak {@code costly_streak}: successful recoveries in a row of one worker that all
 *     needed an action at least as dear as {@code restart} while a cheaper one applied before it is
 *     reported, {@code >= 1} (default 5)
 */
public record AdviceConfig(boolean enabled, int recurrencePerDay, int costlyStreak) {

    /** Default of {@code recurrence_per_day}. */
    public static final int DEFAULT_RECURRENCE_PER_DAY = 10;
    /** Default of {@code costly_streak}. */
    public static final int DEFAULT_COSTLY_STREAK = 5;
    /** Every default, enabled. */
    public static final AdviceConfig DEFAULTS = new AdviceConfig(true, DEFAULT_RECURRENCE_PER_DAY, DEFAULT_COSTLY_STREAK);

    /** The keys of the {@code advice} section, for the file reader. */
    static final PartKeys<AdviceConfig> KEYS = PartKeys.of(AdviceConfig.class,
            PartKeys.row("enabled", "enabled", ConfigValue.BOOLEAN),
            PartKeys.row("recurrence_per_day", "recurrencePerDay", ConfigValue.INT),
            PartKeys.row("costly_streak", "costlyStreak", ConfigValue.INT));

    /** @return the defaults: enabled, more than 10 a day, 5 dear recoveries in a row */
    public static AdviceConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, {@code advice} in a config
     */
    public void validate(List<String> problems, String path) {
        Validation.atLeast(problems, Validation.at(path, "recurrence_per_day"), recurrencePerDay, 1);
        Validation.atLeast(problems, Validation.at(path, "costly_streak"), costlyStreak, 1);
    }
}
