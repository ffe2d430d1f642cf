package io.github.workerrecovery.core;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerState;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One row of the status: a worker instance as the engine last saw it.
 *
 * @param id the instance
 * @param critical whether its worker is critical
 * @param state its state
 * @param pid the OS pid of a running process worker
 * @param uptime time since the current incarnation started, zero when not running
 * @param restarts starts tried after the first, whether the process (or task) came up or the
 *     start failed: a worker whose command does not exist and one that exits at once both count
 *     each try
 * @param lastReason the last problem seen (empty when none), e.g. {@code "exited with code 3"}
 * @param metrics the latest metrics from its probes, by name
 */
public record InstanceStatus(
        InstanceId id,
        boolean critical,
        WorkerState state,
        OptionalLong pid,
        Duration uptime,
        int restarts,
        String lastReason,
        Map<String, Double> metrics) {

    /** Copies the metrics. */
    public InstanceStatus {
        metrics = Map.copyOf(metrics);
    }
}
