package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.rabbitmq.QueueInspector.QueueStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueVerdictTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static HealthSignal judge(boolean pastGrace, boolean autoscaled, QueueStats... stats) {
        return QueueVerdict.judge("rabbitmq_queue", List.of(stats), 100, pastGrace, autoscaled, AT);
    }

    @Test
    void aQueueWithinThresholdAndConsumedIsHealthyWithItsMetrics() {
        HealthSignal s = judge(true, false, new QueueStats("ai_tasks", true, 100, 2));

        assertThat(s.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(s.metrics()).isEqualTo(Map.of("queue_backlog", 100.0, "queue_consumers", 2.0));
    }

    @Test
    void aBacklogOverTheThresholdIsAWarning() {
        HealthSignal s = judge(true, false, new QueueStats("ai_tasks", true, 101, 1));

        assertThat(s.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(s.failure()).contains(FailureKind.QUEUE_BACKLOG);
        assertThat(s.reason()).isEqualTo("queue ai_tasks has 101 ready messages (threshold 100)");
    }

    @Test
    void aBacklogTheAutoscalerCanStillServeIsLeftToIt() {
        HealthSignal s = judge(true, true, new QueueStats("ai_tasks", true, 340, 1));

        assertThat(s.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(s.metrics()).containsEntry("queue_backlog", 340.0);
    }

    @Test
    void messagesWithoutConsumerAreCriticalOncePastTheGrace() {
        HealthSignal s = judge(true, false, new QueueStats("ai_tasks", true, 340, 0));

        assertThat(s.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(s.failure()).contains(FailureKind.CONNECTION_LOST);
        assertThat(s.reason()).isEqualTo("queue ai_tasks has 340 messages and no consumer");
    }

    @Test
    void noConsumerOnAnEmptyQueueIsNotAProblem() {
        assertThat(judge(true, false, new QueueStats("ai_tasks", true, 0, 0)).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aMissingQueueIsReportedAsAWarning() {
        HealthSignal s = judge(true, false, new QueueStats("ai_tasks", true, 3, 1), QueueStats.missing("ai_results"));

        assertThat(s.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(s.failure()).contains(FailureKind.CONNECTION_LOST);
        assertThat(s.reason()).isEqualTo("queue ai_results does not exist");
        assertThat(s.metrics()).isEqualTo(Map.of("queue_backlog", 3.0, "queue_consumers", 1.0));
    }

    @Test
    void withinTheGraceConsumersAreNotJudged() {
        HealthSignal s = judge(false, false, new QueueStats("ai_tasks", true, 340, 0));

        assertThat(s.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(s.failure()).isEqualTo(Optional.empty());
        assertThat(s.reason()).isEqualTo("queue ai_tasks has 340 messages and no consumer"
                + " (not judged yet: the instance is starting)");
        assertThat(judge(false, false, QueueStats.missing("ai_tasks")).status()).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void theWorstQueueDecidesAndProblemsOfTheSameRankAreAllNamed() {
        HealthSignal s = judge(true, false, new QueueStats("a", true, 500, 1), new QueueStats("b", true, 7, 0),
                new QueueStats("c", true, 9, 0));

        assertThat(s.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(s.reason()).isEqualTo("queue b has 7 messages and no consumer; queue c has 9 messages and no consumer");
        assertThat(s.metrics()).isEqualTo(Map.of("queue_backlog", 516.0, "queue_consumers", 0.0));
    }
}
