package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How many instances of a worker run, and which group of workers it shares dependencies with.
 * Immutable; the keys sit flat in {@code workers.<id>}.
 *
 * @param minInstances instances kept running; {@code min_instances}, default 1, >= 0
 * @param maxInstances ceiling of {@code scale_up}; {@code max_instances}, default 3, >= 1 and >=
 *     {@code min_instances}
 * @param group the workers that share dependencies (a database, a broker), for the
 *     correlated-failure guard; {@code group}, 1-64 characters, default empty: the host's workers
 *     without one form {@link #DEFAULT_GROUP}
 * @param fleetMinInstances instances the whole fleet keeps running; {@code fleet_min_instances},
 *     default none, >= 0; needs {@code fleet_max_instances}
 * @param fleetMaxInstances instances the whole fleet runs at most; {@code fleet_max_instances},
 *     default none, >= 1, >= {@code min_instances} and >= {@code fleet_min_instances}. With it, a
 *     {@code scale_up} asks the fleet (a store shared by several hosts) to place the instance on
 *     its least-loaded host; a store that is not shared keeps it on this host, as without it
 */
public record WorkerScaling(int minInstances, int maxInstances, Optional<String> group,
                            OptionalInt fleetMinInstances, OptionalInt fleetMaxInstances) {

    /** Default of {@code min_instances}. */
    public static final int DEFAULT_MIN_INSTANCES = 1;
    /** Default of {@code max_instances}. */
    public static final int DEFAULT_MAX_INSTANCES = 3;
    /** The correlation group of a worker that names none: all such workers of the host form one. */
    public static final String DEFAULT_GROUP = "default";
    /** Every default. */
    public static final WorkerScaling DEFAULTS = new WorkerScaling(DEFAULT_MIN_INSTANCES, DEFAULT_MAX_INSTANCES, Optional.empty());

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<WorkerScaling> KEYS = PartKeys.of(WorkerScaling.class,
            row("min_instances", "minInstances", ConfigValue.INT),
            row("max_instances", "maxInstances", ConfigValue.INT),
            row("group", "group", ConfigValue.SOME_TEXT),
            row("fleet_min_instances", "fleetMinInstances", ConfigValue.SOME_INT),
            row("fleet_max_instances", "fleetMaxInstances", ConfigValue.SOME_INT));

    /** @throws NullPointerException when an optional is null */
    public WorkerScaling {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(fleetMinInstances, "fleetMinInstances");
        Objects.requireNonNull(fleetMaxInstances, "fleetMaxInstances");
    }

    /**
     * Without fleet-wide bounds.
     *
     * @param minInstances {@code min_instances}
     * @param maxInstances {@code max_instances}
     * @param group {@code group}
     */
    public WorkerScaling(int minInstances, int maxInstances, Optional<String> group) {
        this(minInstances, maxInstances, group, OptionalInt.empty(), OptionalInt.empty());
    }

    /**
     * @param problems where each value out of range is reported
     * @param path the worker's path, {@code workers.<id>}
     */
    public void validate(List<String> problems, String path) {
        Validation.atLeast(problems, Validation.at(path, "min_instances"), minInstances, 0);
        if (maxInstances < 1) {
            problems.add(Validation.at(path, "max_instances") + ": must be >= 1 but was " + maxInstances);
        } else if (maxInstances < minInstances) {
            problems.add(Validation.at(path, "max_instances") + ": must be >= min_instances (" + minInstances
                    + ") but was " + maxInstances);
        }
        fleetMinInstances.ifPresent(min -> {
            if (fleetMaxInstances.isEmpty()) {
                problems.add(Validation.at(path, "fleet_min_instances") + ": needs fleet_max_instances");
            } else {
                Validation.atLeast(problems, Validation.at(path, "fleet_min_instances"), min, 0);
            }
        });
        fleetMaxInstances.ifPresent(max -> {
            int floor = Math.max(1, Math.max(minInstances, fleetMinInstances.orElse(0)));
            if (max < floor) {
                problems.add(Validation.at(path, "fleet_max_instances") + ": must be >= 1, >= min_instances (" + minInstances
                        + ") and >= fleet_min_instances (" + fleetMinInstances.orElse(0) + ") but was " + max);
            }
        });
        group.filter(g -> g.isBlank() || g.length() > 64).ifPresent(g -> problems.add(Validation.at(path, "group")
                + ": must be 1-64 characters and not blank but was '" + g + "'"));
    }
}
