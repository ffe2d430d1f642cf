package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a worker does for the host: the queues it consumes (their backlog is checked against
 * {@code queue_backlog_threshold}), whether it is critical (its recoveries are served first and
 * its alerts rank higher), and whether an action may run before a predicted failure. Immutable.
 * Nothing to validate: any names are accepted.
 *
 * @param queues the queues consumed; {@code queues}, default none
 * @param critical {@code critical}, default false
 * @param predictive {@code predictive}: whether the fixing action of a failure may run when its
 *     learned precursor shows, before the failure; default: yes for a worker that is not critical,
 *     no for a critical one (see {@link #allowsPredictiveActions()})
 */
public record WorkerRole(List<String> queues, boolean critical, Optional<Boolean> predictive) {

    /** The defaults: no queues, not critical, predictive as its criticality says. */
    public static final WorkerRole DEFAULTS = new WorkerRole(List.of(), false, Optional.empty());

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<WorkerRole> KEYS = PartKeys.of(WorkerRole.class,
            row("queues", "queues", ConfigValue.TEXT_LIST),
            row("critical", "critical", ConfigValue.BOOLEAN),
            row("predictive", "predictive", ConfigValue.SOME_BOOLEAN));

    /** @throws NullPointerException when the list or one of its names is null */
    public WorkerRole {
        queues = List.copyOf(queues);
        Objects.requireNonNull(predictive, "predictive");
    }

    /**
     * A role that leaves {@code predictive} to its default.
     *
     * @param queues the queues consumed
     * @param critical whether critical
     */
    public WorkerRole(List<String> queues, boolean critical) {
        this(queues, critical, Optional.empty());
    }

    /**
     * @return whether predictive actions may run: {@code predictive} when set, else {@code true}
     *     unless the worker is critical (a critical worker is not disturbed on a guess unless its
     *     owner says so)
     */
    public boolean allowsPredictiveActions() {
        return predictive.orElse(!critical);
    }
}
