package io.github.workerrecovery.core.notify;

import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.testkit.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sample events shared by the notifier tests, all at {@link ManualClock#DEFAULT_START}. */
final class SageEvents {

    static final Instant AT = ManualClock.DEFAULT_START;

    private SageEvents() {
    }

    static IncidentAlert incident(String message) {
        return new IncidentAlert("worker-auto-recovery", message, AlertSeverity.CRITICAL, AT,
                new AlertContext(3, 2, 1), Optional.of(WorkerId.of("simple_task_worker")));
    }

    static RecoveryTask task(String message) {
        return new RecoveryTask(new InstanceId(WorkerId.of("w"), 0), "restart", FailureKind.PROCESS_EXITED,
                RecoveryTask.Stage.QUEUED, AlertSeverity.HIGH, message, AT, Optional.empty());
    }

    static KnowledgeUpdate knowledge(String message) {
        StrategyStats stats = new StrategyStats(FailureKind.HEARTBEAT_TIMEOUT, "graceful_restart", 4, 3, 900, List.of(300L, 300L, 300L));
        return new KnowledgeUpdate(FailureKind.HEARTBEAT_TIMEOUT, Optional.of("restart"), "graceful_restart", stats, message, AT);
    }

    static PatternInsight pattern(String message) {
        return new PatternInsight(Optional.of(WorkerId.of("w")), "p-1a2b", "Connection refused to <ip>:<num>", 5,
                "check the broker", message, AT);
    }
}
