package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.RecordingNotifier;
import io.github.workerrecovery.testkit.TestPluginContext;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor through a connection the broker closes by force ({@code rabbitmqctl
 * close_connection}): the probe answers UNKNOWN at once while the connection is away, nothing is
 * recovered because of it, and probing resumes on its own once the AMQP client has reconnected.
 */
@ExtendWith(RealBroker.class)
class BrokerOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private BrokerFixture broker;
    private WorkerAutoRecovery recovery;
    private RabbitQueueProbe probe;

    @BeforeEach
    void setUp() throws Exception {
        Rabbitmqctl.assumeUsable();
        broker = new BrokerFixture("outage");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (recovery != null) {
            recovery.close();
        }
        if (probe != null) {
            probe.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theProbeAnswersUnknownAtOnceWhileTheConnectionIsAwayAndRecoversByItself() throws Exception {
        String q = broker.queue("jobs");
        String connectionName = broker.name("probe-connection");
        probe = new RabbitQueueProbe(new TestPluginContext(PluginSettings.of("plugins.rabbitmq_queue",
                Map.of("connection_name", connectionName, "reconnect_interval", "1s")), home, TimeSource.system()),
                RealBroker.env());
        TestProbeContext ctx = TestProbeContext.of(FakeWorkerInstance.builder("w").queues(List.of(q))
                .startedAt(Instant.now().minusSeconds(60)).build(), Map.of("enabled", true), TimeSource.system());
        await().atMost(WAIT).until(() -> probe.check(ctx).status() == HealthStatus.HEALTHY);

        assertThat(Rabbitmqctl.closeConnection(connectionName, "test-forced-close")).isEqualTo(1);
        HealthSignal during = await().atMost(WAIT).until(() -> probe.check(ctx), s -> s.status() != HealthStatus.HEALTHY);
        long started = System.nanoTime();
        HealthSignal again = probe.check(ctx);
        long checkMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(during.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(during.reason()).startsWith("cannot read queues: connection to amqp://***@")
                .contains("CONNECTION_FORCED - test-forced-close")
                .endsWith("(recovering every 1 s)");
        assertThat(again.status()).isIn(HealthStatus.UNKNOWN, HealthStatus.HEALTHY);
        assertThat(checkMillis).as("a check while the broker is away must not wait").isLessThan(200);
        await().atMost(WAIT).until(() -> probe.check(ctx).status() == HealthStatus.HEALTHY);
    }

    @Test
    void theMonitorKeepsRunningThroughAForcedCloseAndResumesProbingOnItsOwn() throws Exception {
        String q = broker.queue("jobs");
        // a consumer that holds one message unacknowledged: the queue is served, its ready count exact
        Channel consumer = broker.newChannel();
        consumer.basicQos(1);
        consumer.basicConsume(q, false, (tag, d) -> { }, tag -> { });
        String connectionName = broker.name("monitor-connection");
        RecordingNotifier sages = new RecordingNotifier();
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of()).notifier(sages)
                .healthCheckInterval(Duration.ofMillis(100))
                .consecutiveChecks(1)
                .plugin("rabbitmq_queue", Map.of("uri", RealBroker.uri(), "connection_name", connectionName))
                .worker(WorkerSpec.builder("w").inJvm(IdleWorker::new).queues(List.of(q))
                        .probe("rabbitmq_queue", Map.of("consumer_grace", "0s")).build())
                .build());
        recovery.startMonitoring();
        await().atMost(WAIT).until(() -> backlog().equals(Optional.of(0.0)));

        long closedAt = System.nanoTime();
        assertThat(Rabbitmqctl.closeConnection(connectionName, "test-forced-close")).isEqualTo(1);
        broker.publish(q, 7); // one goes to the consumer, six stay ready
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> backlog().equals(Optional.of(6.0)));
        long resumedMillis = (System.nanoTime() - closedAt) / 1_000_000;
        System.err.println("[measured] monitor resumed probing " + resumedMillis
                + " ms after rabbitmqctl close_connection (reconnect_interval 2 s)");

        InstanceStatus w = recovery.getSystemStatus().instancesOf("w").get(0);
        assertThat(w.state()).isEqualTo(WorkerState.HEALTHY);
        assertThat(recovery.getSystemStatus().totalRecoveries()).isZero();
        assertThat(recovery.getSystemStatus().probeFailures()).isZero();
        assertThat(sages.incidents()).isEmpty();
        assertThat(resumedMillis).isBetween(1_000L, 15_000L);
    }

    private Optional<Double> backlog() {
        List<InstanceStatus> rows = recovery.getSystemStatus().instancesOf("w");
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0).metrics().get("queue_backlog"));
    }
}
