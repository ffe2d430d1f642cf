package io.github.workerrecovery.json;

import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One sage event of each kind with fixed values, every optional member present: the golden files' sources. */
final class GoldenEvents {

    static final Instant AT = Instant.parse("2026-03-04T05:06:07.123Z");
    static final InstanceId W0 = new InstanceId(WorkerId.of("ai_worker"), 0);

    private GoldenEvents() {
    }

    static IncidentAlert incident() {
        return new IncidentAlert("worker-auto-recovery", "Worker ai_worker failed after 3 restart attempts\n\"exit 1\" é",
                AlertSeverity.CRITICAL, AT, new AlertContext(3, 2, 1), Optional.of(WorkerId.of("ai_worker")));
    }

    static KnowledgeUpdate knowledge() {
        return new KnowledgeUpdate(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"), Optional.of("restart"),
                "connection_reset", new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"),
                        "connection_reset", StrategyStats.LOCAL_ORIGIN, 3, 2, 900, List.of(300L, 600L)),
                "best action for HIGH_ERROR_RATE[1f0c2ab4] is now connection_reset (67% of 3)", AT);
    }

    static RecoveryTask task() {
        RecoveryOutcome outcome = new RecoveryOutcome(W0, FailureKind.CONNECTION_LOST, "restart", true, "ok", AT,
                Duration.ofMillis(1234), 2, false);
        return new RecoveryTask(W0, "restart", FailureKind.CONNECTION_LOST, RecoveryTask.Stage.DONE, AlertSeverity.HIGH,
                "restart of ai_worker#0 worked in 1234 ms", AT, Optional.of(outcome));
    }

    static PatternInsight pattern() {
        return new PatternInsight(Optional.of(WorkerId.of("ai_worker")), "give-up:ai_worker",
                "PROCESS_EXITED 3 times within 10 min", 3, "look at logs/ai_worker.err", "gave up", AT);
    }

    static List<SageEvent> all() {
        return List.of(incident(), knowledge(), task(), pattern());
    }
}
