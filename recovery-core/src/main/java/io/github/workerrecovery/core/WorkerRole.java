package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import java.util.List;

/**
 * What a worker does for the host: the queues it consumes (their backlog is checked against
 * {@code queue_backlog_threshold}) and whether it is critical (its recoveries are served first and
 * its alerts rank higher). Immutable. Nothing to validate: any names are accepted.
 *
 * @param queues the queues consumed; {@code queues}, default none
 * @param critical {@code critical}, default false
 */
public record WorkerRole(List<String> queues, boolean critical) {

    /** The defaults: no queues, not critical. */
    public static final WorkerRole DEFAULTS = new WorkerRole(List.of(), false);

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<WorkerRole> KEYS = PartKeys.of(WorkerRole.class,
            row("queues", "queues", ConfigValue.TEXT_LIST),
            row("critical", "critical", ConfigValue.BOOLEAN));

    /** @throws NullPointerException when the list or one of its names is null */
    public WorkerRole {
        queues = List.copyOf(queues);
    }
}
