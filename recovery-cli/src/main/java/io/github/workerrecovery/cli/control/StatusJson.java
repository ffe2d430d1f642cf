package io.github.workerrecovery.cli.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.json.RecoveryJson;

/**
 * The JSON form of a {@link SystemStatus}, {@link StatusDto}: what {@code GET /status} answers and
 * {@code worker-recovery status --json} prints.
 *
 * <pre>{@code
 * {"at": "2026-11-29T14:03:12.345Z", "monitoring": true, "all_critical_healthy": true,
 *  "instances": [{"worker": "echo", "slot": 0, "instance": "echo#0", "critical": true,
 *                 "state": "HEALTHY", "pid": 4242, "uptime_ms": 65000, "restarts": 1,
 *                 "cpu_percent": null, "memory_percent": null, "last_reason": "recovered by restart",
 *                 "metrics": {}}],
 *  "totals": {"instances": 1, "healthy": 1, "recoveries": 1, "recoveries_succeeded": 1,
 *             "recoveries_failed": 0, "mean_recovery_ms": 41,
 *             "success_rate_by_strategy": {"UNKNOWN/restart": 1.0},
 *             "dropped_notifications": 0, "probe_failures": 0, "dropped_events": 0}}
 * }</pre>
 */
public final class StatusJson {

    /** The metric a resource probe reports CPU use under, in % of one core. */
    public static final String CPU_METRIC = "cpu_percent";

    /** The metric a resource probe reports resident memory under, in % of RAM. */
    public static final String MEMORY_METRIC = "memory_percent";

    private StatusJson() {
    }

    /**
     * @param status a snapshot
     * @return its JSON form, as a tree
     */
    public static ObjectNode toJson(SystemStatus status) {
        return RecoveryJson.mapper().valueToTree(StatusDto.of(status));
    }

    /**
     * What {@code status}'s exit code says: whether every running instance of every critical
     * worker is {@link WorkerState#HEALTHY}. Instances stopped on purpose (scale-down,
     * shutdown) do not count; with no critical worker the answer is yes.
     *
     * @param status a snapshot
     * @return whether the critical workers are all healthy
     */
    public static boolean allCriticalHealthy(SystemStatus status) {
        return status.instances().stream()
                .filter(InstanceStatus::critical)
                .filter(i -> i.state() != WorkerState.STOPPED)
                .allMatch(i -> i.state() == WorkerState.HEALTHY);
    }
}
