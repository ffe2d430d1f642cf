package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import io.github.workerrecovery.api.Thresholds;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A worker's overrides of the global {@link Thresholds}: each one given replaces the global value
 * for this worker only, under the same key and range as the global key. Immutable.
 *
 * @param cpuPercent {@code cpu_threshold} in %, (0, 100]; default: the global one
 * @param memoryPercent {@code memory_threshold} in %, (0, 100]; default: the global one
 * @param errorsPerMinute {@code error_rate_threshold} in error lines per minute, >= 0; default:
 *     the global one
 * @param queueBacklog {@code queue_backlog_threshold} in messages, >= 0; default: the global one
 * @param heartbeatTimeout {@code heartbeat_timeout}, > 0; default: the global one
 */
public record WorkerThresholds(OptionalDouble cpuPercent, OptionalDouble memoryPercent, OptionalDouble errorsPerMinute,
                               OptionalLong queueBacklog, Optional<Duration> heartbeatTimeout) {

    /** No overrides: the global thresholds hold. */
    public static final WorkerThresholds NONE = new WorkerThresholds(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalLong.empty(), Optional.empty());

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<WorkerThresholds> KEYS = PartKeys.of(WorkerThresholds.class,
            row("cpu_threshold", "cpuPercent", ConfigValue.SOME_DOUBLE),
            row("memory_threshold", "memoryPercent", ConfigValue.SOME_DOUBLE),
            row("error_rate_threshold", "errorsPerMinute", ConfigValue.SOME_DOUBLE),
            row("queue_backlog_threshold", "queueBacklog", ConfigValue.SOME_LONG),
            row("heartbeat_timeout", "heartbeatTimeout", ConfigValue.SOME_DURATION));

    /** @throws NullPointerException when a value is null (use an empty optional) */
    public WorkerThresholds {
        Objects.requireNonNull(cpuPercent, "cpuPercent");
        Objects.requireNonNull(memoryPercent, "memoryPercent");
        Objects.requireNonNull(errorsPerMinute, "errorsPerMinute");
        Objects.requireNonNull(queueBacklog, "queueBacklog");
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    }

    /**
     * @param global the global thresholds
     * @return the global thresholds with these overrides applied
     */
    public Thresholds applyTo(Thresholds global) {
        return new Thresholds(cpuPercent.orElse(global.cpuPercent()), memoryPercent.orElse(global.memoryPercent()),
                errorsPerMinute.orElse(global.errorsPerMinute()), queueBacklog.orElse(global.queueBacklog()),
                heartbeatTimeout.orElse(global.heartbeatTimeout()));
    }

    /**
     * @param problems where each override out of range is reported
     * @param path the worker's path, {@code workers.<id>}
     */
    public void validate(List<String> problems, String path) {
        heartbeatTimeout.ifPresent(v -> Validation.positive(problems, Validation.at(path, "heartbeat_timeout"), v));
        cpuPercent.ifPresent(v -> Validation.percent(problems, Validation.at(path, "cpu_threshold"), v));
        memoryPercent.ifPresent(v -> Validation.percent(problems, Validation.at(path, "memory_threshold"), v));
        errorsPerMinute.ifPresent(v -> Validation.atLeast(problems, Validation.at(path, "error_rate_threshold"), v, 0));
        queueBacklog.ifPresent(v -> Validation.atLeast(problems, Validation.at(path, "queue_backlog_threshold"), v, 0));
    }
}
