package io.github.workerrecovery.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds in force for one worker: the global defaults with the worker's overrides
 * applied. Defaults come from the original design: CPU 80 %, memory 85 %, 0.3 errors per minute,
 * a backlog of 100 messages, a heartbeat timeout of 120 s.
 *
 * @param cpuPercent CPU use above which an instance is WARNING
 * @param memoryPercent resident memory, in % of physical memory, above which an instance is WARNING
 * @param errorsPerMinute error lines per minute above which an instance is WARNING
 * @param queueBacklog ready messages above which a queue is WARNING
 * @param heartbeatTimeout age of the last heartbeat above which an instance is CRITICAL
 */
public record Thresholds(
        double cpuPercent,
        double memoryPercent,
        double errorsPerMinute,
        long queueBacklog,
        Duration heartbeatTimeout) {

    /** The defaults of the original design. */
    public static final Thresholds DEFAULTS = new Thresholds(80.0, 85.0, 0.3, 100, Duration.ofSeconds(120));

    /** Rejects null durations. */
    public Thresholds {
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    }
}
