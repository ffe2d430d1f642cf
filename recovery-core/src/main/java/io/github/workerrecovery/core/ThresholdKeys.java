package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import io.github.workerrecovery.api.Thresholds;
import java.util.List;

/**
 * The config part of the global {@link Thresholds} (an api record, so its table and rules live
 * here): {@code cpu_threshold}, {@code memory_threshold}, {@code error_rate_threshold},
 * {@code queue_backlog_threshold}, {@code heartbeat_timeout}, with the defaults of
 * {@link Thresholds#DEFAULTS}.
 */
final class ThresholdKeys {

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<Thresholds> KEYS = PartKeys.of(Thresholds.class,
            row("cpu_threshold", "cpuPercent", ConfigValue.DOUBLE),
            row("memory_threshold", "memoryPercent", ConfigValue.DOUBLE),
            row("error_rate_threshold", "errorsPerMinute", ConfigValue.DOUBLE),
            row("queue_backlog_threshold", "queueBacklog", ConfigValue.LONG),
            row("heartbeat_timeout", "heartbeatTimeout", ConfigValue.DURATION));

    private ThresholdKeys() {
    }

    /**
     * @param t the thresholds
     * @param problems where each value out of range is reported
     * @param path where this part sits, empty for the top level
     */
    static void validate(Thresholds t, List<String> problems, String path) {
        Validation.percent(problems, Validation.at(path, "cpu_threshold"), t.cpuPercent());
        Validation.percent(problems, Validation.at(path, "memory_threshold"), t.memoryPercent());
        Validation.atLeast(problems, Validation.at(path, "error_rate_threshold"), t.errorsPerMinute(), 0);
        Validation.atLeast(problems, Validation.at(path, "queue_backlog_threshold"), t.queueBacklog(), 0);
        Validation.positive(problems, Validation.at(path, "heartbeat_timeout"), t.heartbeatTimeout());
    }
}
