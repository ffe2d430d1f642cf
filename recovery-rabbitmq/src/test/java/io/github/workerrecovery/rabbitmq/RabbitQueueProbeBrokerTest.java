package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.TestPluginContext;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The queue probe against real queues on the real broker. */
@ExtendWith(RealBroker.class)
class RabbitQueueProbeBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;

    private BrokerFixture broker;
    private RabbitQueueProbe probe;

    @BeforeEach
    void setUp() throws Exception {
        broker = new BrokerFixture("probe");
        probe = new RabbitQueueProbe(new TestPluginContext(PluginSettings.of("plugins.rabbitmq_queue", Map.of()), home,
                TimeSource.system()), RealBroker.env());
    }

    @AfterEach
    void tearDown() throws Exception {
        probe.close();
        broker.close();
    }

    /** Checks an instance that started a minute ago (past the 30 s grace), once the probe is connected. */
    private HealthSignal check(FakeWorkerInstance.Builder instance, Map<String, ?> section) {
        TestProbeContext ctx = TestProbeContext.of(instance.build(), section, TimeSource.system());
        // the first check starts the connection in the background and answers UNKNOWN at once
        return await().atMost(WAIT).until(() -> probe.check(ctx),
                s -> !s.reason().startsWith("cannot read queues: not connected"));
    }

    private static FakeWorkerInstance.Builder worker(String queue) {
        return FakeWorkerInstance.builder("ai_worker").queues(List.of(queue))
                .startedAt(Instant.now().minus(Duration.ofMinutes(1)));
    }

    @Test
    void messagesWaitingWithoutAConsumerAreCritical() throws Exception {
        String q = broker.queue("ai_tasks");
        broker.publish(q, 340);

        HealthSignal s = check(worker(q), Map.of("enabled", true));

        assertThat(s.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(s.failure()).contains(FailureKind.CONNECTION_LOST);
        assertThat(s.reason()).isEqualTo("queue " + q + " has 340 messages and no consumer");
        assertThat(s.metrics()).isEqualTo(Map.of("queue_backlog", 340.0, "queue_consumers", 0.0));
    }

    @Test
    void backlogAndConsumerCountOfARealQueue() throws Exception {
        String q = broker.queue("ai_tasks");
        broker.publish(q, 150);
        // two consumers that each hold one unacknowledged message: 148 stay ready
        for (int i = 0; i < 2; i++) {
            Channel c = broker.newChannel();
            c.basicQos(1);
            c.basicConsume(q, false, (tag, d) -> { }, tag -> { });
        }
        await().atMost(WAIT).until(() -> broker.ready(q) == 148);

        HealthSignal s = check(worker(q), Map.of("enabled", true));

        assertThat(s.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(s.failure()).contains(FailureKind.QUEUE_BACKLOG);
        assertThat(s.reason()).isEqualTo("queue " + q + " has 148 ready messages (threshold 100)");
        assertThat(s.metrics()).isEqualTo(Map.of("queue_backlog", 148.0, "queue_consumers", 2.0));

        broker.purge(q);
        HealthSignal drained = check(worker(q), Map.of("enabled", true));
        assertThat(drained.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(drained.metrics()).isEqualTo(Map.of("queue_backlog", 0.0, "queue_consumers", 2.0));
    }

    @Test
    void theWorkersOwnThresholdApplies() throws Exception {
        String q = broker.queue("ai_tasks");
        broker.publish(q, 12);
        Channel c = broker.newChannel();
        c.basicQos(1);
        c.basicConsume(q, false, (tag, d) -> { }, tag -> { });
        await().atMost(WAIT).until(() -> broker.ready(q) == 11);
        Thresholds ten = new Thresholds(80, 85, 0.3, 10, Duration.ofSeconds(120));

        HealthSignal s = check(worker(q).thresholds(ten), Map.of("enabled", true));

        assertThat(s.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(s.reason()).isEqualTo("queue " + q + " has 11 ready messages (threshold 10)");
    }

    @Test
    void aMissingQueueIsReportedNotThrown() throws Exception {
        String present = broker.queue("present");
        String missing = broker.name("never-declared");

        HealthSignal s = check(worker(present), Map.of("queues", List.of(present, missing)));

        assertThat(s.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(s.failure()).contains(FailureKind.CONNECTION_LOST);
        assertThat(s.reason()).isEqualTo("queue " + missing + " does not exist");
        assertThat(s.metrics()).isEqualTo(Map.of("queue_backlog", 0.0, "queue_consumers", 0.0));
    }

    @Test
    void anInspectionThatSpentItsBudgetGivesUpBeforeTheNextQueue() throws Exception {
        List<String> queues = List.of(broker.queue("a"), broker.queue("b"), broker.queue("c"));
        // a clock that moves one second each time it is read: 1 s spent before the first queue, 2 s before the second
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        TimeSource slow = new TimeSource() {
            @Override
            public Instant now() {
                return Instant.EPOCH.plusNanos(nanos.get());
            }

            @Override
            public long nanoTime() {
                return nanos.getAndAdd(1_000_000_000L);
            }
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueueInspector.inspect(broker.connection(), queues,
                slow, Duration.ofMillis(1500)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("gave up after 1 of 3 queues: the broker answers slower than 1.5 s");
        assertThat(QueueInspector.inspect(broker.connection(), queues, TimeSource.system(), Duration.ofSeconds(3)))
                .extracting(QueueInspector.QueueStats::exists).containsExactly(true, true, true);
    }

    @Test
    void aCheckIsCheap() throws Exception {
        String q = broker.queue("ai_tasks");
        check(worker(q), Map.of("enabled", true));
        TestProbeContext ctx = TestProbeContext.of(worker(q).build(), Map.of("enabled", true), TimeSource.system());
        long[] micros = new long[200];
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            assertThat(probe.check(ctx).status()).isEqualTo(HealthStatus.HEALTHY);
            micros[i] = (System.nanoTime() - t0) / 1_000;
        }
        java.util.Arrays.sort(micros);
        System.err.println("[measured] rabbitmq_queue check of one queue on a local broker: median " + micros[100]
                + " us, p99 " + micros[198] + " us (200 checks)");
        assertThat(micros[100]).isLessThan(50_000);
    }

    @Test
    void aStartingInstanceIsNotJudgedOnItsConsumers() throws Exception {
        String q = broker.queue("ai_tasks");
        broker.publish(q, 5);

        HealthSignal s = check(worker(q).startedAt(Instant.now()), Map.of("consumer_grace", "30s"));

        assertThat(s.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(s.reason()).isEqualTo("queue " + q + " has 5 messages and no consumer (not judged yet: the instance is starting)");
    }
}
