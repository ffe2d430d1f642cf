package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.github.workerrecovery.core.notify.SageEventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Alert messages carry exactly the JSON the core's jsonl and webhook notifiers write. */
class SageEventMessageTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-03-04T05:06:07.123Z");
    private static final InstanceId W0 = new InstanceId(WorkerId.of("ai_worker"), 0);

    static List<Object[]> events() {
        RecoveryOutcome outcome = new RecoveryOutcome(W0, FailureKind.CONNECTION_LOST, "restart", true, "ok", AT,
                Duration.ofMillis(1234), 2, false);
        return List.<Object[]>of(
                new Object[] {new IncidentAlert("worker-auto-recovery", "Worker ai_worker failed after 3 restart attempts\n(x)",
                        AlertSeverity.CRITICAL, AT, new AlertContext(3, 2, 1), Optional.of(WorkerId.of("ai_worker"))),
                        "incident.critical"},
                new Object[] {new IncidentAlert("rabbitmq", "broker \"away\"", AlertSeverity.LOW, AT, new AlertContext(0, 0, 0),
                        Optional.empty()), "incident.low"},
                new Object[] {new RecoveryTask(W0, "restart", FailureKind.CONNECTION_LOST, RecoveryTask.Stage.DONE,
                        AlertSeverity.HIGH, "restart of ai_worker#0 worked in 1234 ms", AT, Optional.of(outcome)), "task.high"},
                new Object[] {new RecoveryTask(W0, "scale_up", FailureKind.QUEUE_BACKLOG, RecoveryTask.Stage.QUEUED,
                        AlertSeverity.MEDIUM, "queued", AT, Optional.empty()), "task.medium"},
                new Object[] {new KnowledgeUpdate(FailureKind.HIGH_CPU, Optional.of("restart"), "graceful_restart",
                        new StrategyStats(FailureKind.HIGH_CPU, "graceful_restart", 3, 2, 900, List.of(300L, 600L)),
                        "best action for HIGH_CPU is now graceful_restart (67% of 3)", AT), "knowledge.low"},
                new Object[] {new PatternInsight(Optional.of(WorkerId.of("ai_worker")), "give-up:ai_worker",
                        "PROCESS_EXITED 3 times within 10 min", 3, "look at logs", "gave up", AT), "pattern.low"});
    }

    @ParameterizedTest
    @MethodSource("events")
    void bodyEqualsTheCoreJsonAndTheRoutingKeyIsKindDotSeverity(SageEvent event, String routingKey) throws Exception {
        SageEventMessage m = SageEventMessage.of(event);

        assertThat(m.routingKey()).isEqualTo(routingKey);
        assertThat(m.kind()).isEqualTo(event.kind().label());
        assertThat(m.json()).doesNotContain("\n");
        assertThat(JACKSON.readTree(m.json())).isEqualTo(JACKSON.readTree(SageEventJson.toJsonLine(event)));
    }
}
