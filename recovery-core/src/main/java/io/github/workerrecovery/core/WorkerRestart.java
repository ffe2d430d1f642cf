package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A worker's overrides of the global {@link RestartPolicy}: each one given replaces the global
 * value for this worker only. Immutable.
 *
 * @param gracefulStopTimeout {@code graceful_stop_timeout}: stop request to kill wait, >= 0;
 *     default: the global one
 * @param maxAttempts {@code max_restart_attempts}: attempts per instance in the restart window,
 *     >= 0; default: the global one
 */
public record WorkerRestart(Optional<Duration> gracefulStopTimeout, OptionalInt maxAttempts) {

    /** No overrides: the global restart policy holds. */
    public static final WorkerRestart NONE = new WorkerRestart(Optional.empty(), OptionalInt.empty());

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<WorkerRestart> KEYS = PartKeys.of(WorkerRestart.class,
            row("graceful_stop_timeout", "gracefulStopTimeout", ConfigValue.SOME_DURATION),
            row("max_restart_attempts", "maxAttempts", ConfigValue.SOME_INT));

    /** @throws NullPointerException when a value is null (use an empty optional) */
    public WorkerRestart {
        Objects.requireNonNull(gracefulStopTimeout, "gracefulStopTimeout");
        Objects.requireNonNull(maxAttempts, "maxAttempts");
    }

    /**
     * @param problems where each override out of range is reported
     * @param path the worker's path, {@code workers.<id>}
     */
    public void validate(List<String> problems, String path) {
        gracefulStopTimeout.ifPresent(v -> Validation.nonNegative(problems, Validation.at(path, "graceful_stop_timeout"), v));
        maxAttempts.ifPresent(v -> Validation.atLeast(problems, Validation.at(path, "max_restart_attempts"), v, 0));
    }
}
