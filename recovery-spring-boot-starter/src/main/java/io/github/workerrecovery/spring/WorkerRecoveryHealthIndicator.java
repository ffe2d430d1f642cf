package io.github.workerrecovery.spring;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The application's health as its workers make it: DOWN while an instance of a critical worker
 * is not HEALTHY (a non-critical worker's trouble shows in the details but keeps the application UP,
 * since traffic can still be served), UNKNOWN before supervision runs. The details list every
 * instance with its state, pid, restarts and last reason.
 */
public final class WorkerRecoveryHealthIndicator implements HealthIndicator {

    private final WorkerAutoRecovery recovery;

    /** @param recovery the supervisor */
    public WorkerRecoveryHealthIndicator(WorkerAutoRecovery recovery) {
        this.recovery = Objects.requireNonNull(recovery, "recovery");
    }

    @Override
    public Health health() {
        SystemStatus status = recovery.getSystemStatus();
        Health.Builder health;
        if (!status.monitoring()) {
            health = Health.unknown();
        } else if (status.instances().stream().anyMatch(i -> i.critical() && i.state() != WorkerState.HEALTHY)) {
            health = Health.down();
        } else {
            health = Health.up();
        }
        Map<String, Object> instances = new LinkedHashMap<>();
        for (InstanceStatus i : status.instances()) {
            instances.put(i.id().toString(), EndpointViews.instance(i));
        }
        return health.withDetail("instances", instances)
                .withDetail("healthy", status.healthyInstances())
                .withDetail("total", status.instances().size())
                .build();
    }
}
