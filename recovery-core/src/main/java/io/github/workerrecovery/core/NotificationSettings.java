package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which notifiers hear the sages, and how much each may fall behind. Immutable.
 *
 * @param queueCapacity events buffered per notifier before they are dropped and counted;
 *     {@code notification_queue_capacity}, default 1000, >= 1
 * @param notifiers the names of the notifier providers to use; {@code notifiers}, default empty:
 *     {@code [log, jsonl]}, plus {@code webhook} when {@code plugins.webhook.url} is set
 */
public record NotificationSettings(int queueCapacity, Optional<List<String>> notifiers) {

    /** Default of {@code notification_queue_capacity}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    /** Every default. */
    public static final NotificationSettings DEFAULTS = new NotificationSettings(DEFAULT_QUEUE_CAPACITY, Optional.empty());

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<NotificationSettings> KEYS = PartKeys.of(NotificationSettings.class,
            row("notification_queue_capacity", "queueCapacity", ConfigValue.INT),
            row("notifiers", "notifiers", ConfigValue.SOME_TEXT_LIST));

    /**
     * Copies the list.
     *
     * @throws NullPointerException when a component is null
     */
    public NotificationSettings {
        notifiers = Objects.requireNonNull(notifiers, "notifiers").map(List::copyOf);
    }

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, empty for the top level
     */
    public void validate(List<String> problems, String path) {
        Validation.atLeast(problems, Validation.at(path, "notification_queue_capacity"), queueCapacity, 1);
    }
}
