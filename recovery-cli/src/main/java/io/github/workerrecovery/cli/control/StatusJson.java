package io.github.workerrecovery.cli.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of a {@link SystemStatus}: what {@code GET /status} answers and
 * {@code worker-recovery status --json} prints. Written field by field rather than by Jackson's
 * bean mapping so that the format is stated here, stays stable when the record grows, and has
 * {@code null} rather than an {@code Optional} wrapper for an absent pid.
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
 *             "dropped_notifications": 0, "probe_failures": 0}}
 * }</pre>
 */
public final class StatusJson {

    /** The metric a resource probe reports CPU use under, in % of one core. */
    public static final String CPU_METRIC = "cpu_percent";

    /** The metric a resource probe reports resident memory under, in % of RAM. */
    public static final String MEMORY_METRIC = "memory_percent";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StatusJson() {
    }

    /**
     * @param status a snapshot
     * @return its JSON form
     */
    public static ObjectNode toJson(SystemStatus status) {
        ObjectNode root = NODES.objectNode();
        root.put("at", DateTimeFormatter.ISO_INSTANT.format(status.at()));
        root.put("monitoring", status.monitoring());
        root.put("all_critical_healthy", allCriticalHealthy(status));
        var instances = root.putArray("instances");
        status.instances().forEach(i -> instances.add(instance(i)));
        ObjectNode totals = root.putObject("totals");
        totals.put("instances", status.instances().size());
        totals.put("healthy", status.healthyInstances());
        totals.put("recoveries", status.totalRecoveries());
        totals.put("recoveries_succeeded", status.successfulRecoveries());
        totals.put("recoveries_failed", status.failedRecoveries());
        totals.put("mean_recovery_ms", status.meanRecoveryTime().toMillis());
        ObjectNode rates = totals.putObject("success_rate_by_strategy");
        new TreeMap<>(status.successRateByStrategy()).forEach(rates::put);
        totals.put("dropped_notifications", status.droppedNotifications());
        totals.put("probe_failures", status.probeFailures());
        return root;
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

    private static ObjectNode instance(InstanceStatus i) {
        ObjectNode node = NODES.objectNode();
        node.put("worker", i.id().worker().value());
        node.put("slot", i.id().slot());
        node.put("instance", i.id().toString());
        node.put("critical", i.critical());
        node.put("state", i.state().name());
        if (i.pid().isPresent()) {
            node.put("pid", i.pid().getAsLong());
        } else {
            node.putNull("pid");
        }
        node.put("uptime_ms", i.uptime().toMillis());
        node.put("restarts", i.restarts());
        metric(node, CPU_METRIC, i.metrics());
        metric(node, MEMORY_METRIC, i.metrics());
        node.put("last_reason", i.lastReason());
        ObjectNode metrics = node.putObject("metrics");
        new TreeMap<>(i.metrics()).forEach(metrics::put);
        return node;
    }

    private static void metric(ObjectNode node, String name, Map<String, Double> metrics) {
        Double value = metrics.get(name);
        if (value == null || value.isNaN()) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }
}
