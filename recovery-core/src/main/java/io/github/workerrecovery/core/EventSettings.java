package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import java.util.List;

/**
 * How the engine keeps its event stream. Immutable; the key stays flat at the top of a config file.
 *
 * @param history how many recent events the engine keeps, so that a subscriber that starts late
 *     catches up on them before it follows live; {@code event_history}, default 10000, >= 1.
 *     Each kept event costs memory for as long as it is kept, so raise it only for a host that
 *     needs a longer catch-up.
 */
public record EventSettings(int history) {

    /** Default of {@code event_history}. */
    public static final int DEFAULT_HISTORY = 10_000;
    /** Every default. */
    public static final EventSettings DEFAULTS = new EventSettings(DEFAULT_HISTORY);

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<EventSettings> KEYS = PartKeys.of(EventSettings.class,
            row("event_history", "history", ConfigValue.INT));

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, empty for the top level
     */
    public void validate(List<String> problems, String path) {
        Validation.atLeast(problems, Validation.at(path, "event_history"), history, 1);
    }
}
