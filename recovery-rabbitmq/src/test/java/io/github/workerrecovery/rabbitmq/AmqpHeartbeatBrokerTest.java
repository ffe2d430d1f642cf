package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.rabbitmq.workers.HeartbeatWorker;
import io.github.workerrecovery.rabbitmq.workers.JavaCommand;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.RecordingNotifier;
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

/** Heartbeats over AMQP from real worker processes keep them healthy; their absence triggers recovery. */
@ExtendWith(RealBroker.class)
class AmqpHeartbeatBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private WorkerAutoRecovery recovery;
    private AmqpHeartbeatProbe probe;
    private BrokerFixture broker;
    private String exchange;

    @BeforeEach
    void setUp() throws Exception {
        broker = new BrokerFixture("heartbeats");
        exchange = broker.name("heartbeats");
        broker.deleteExchangeLater(exchange); // declared by the monitor and the clients
    }

    @AfterEach
    void tearDown() throws Exception {
        if (recovery != null) {
            recovery.close();
        }
        if (probe != null) {
            probe.close();
        }
        broker.close();
    }

    @Test
    void heartbeatsKeepAWorkerHealthyAndTheirAbsenceGetsItRestarted() {
        String worker = "hb-" + Long.toHexString(System.nanoTime());
        RecordingNotifier sages = new RecordingNotifier();
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of()).notifier(sages)
                .healthCheckInterval(Duration.ofMillis(200))
                .consecutiveChecks(2)
                .verificationInterval(Duration.ofMillis(200))
                .verificationWindow(Duration.ofSeconds(10))
                .gracefulStopTimeout(Duration.ofSeconds(3))
                .plugin("amqp_heartbeat", Map.of("uri", RealBroker.uri(), "exchange", exchange))
                .worker(WorkerSpec.builder(worker)
                        .command(JavaCommand.of(HeartbeatWorker.class, RealBroker.uri(), exchange, worker, "200", "3000",
                                home.resolve("went-silent-once").toString()))
                        .heartbeatTimeout(Duration.ofSeconds(1))
                        .probe("amqp_heartbeat", Map.of("enabled", true))
                        .build())
                .build());
        recovery.startMonitoring();

        InstanceStatus beating = await().atMost(WAIT).until(() -> instance(worker),
                i -> i != null && i.metrics().getOrDefault("reported_beats", 0.0) >= 5);
        assertThat(beating.state()).isEqualTo(WorkerState.HEALTHY);
        assertThat(beating.metrics().get("amqp_heartbeat_age_seconds")).isLessThan(1.0);
        long firstPid = beating.pid().getAsLong();

        // the first process falls silent after 3 s: timed out, restarted, and the new one beats
        RecoveryOutcome outcome = await().atMost(WAIT).until(() -> sages.tasks().stream()
                .filter(t -> t.stage() == RecoveryTask.Stage.DONE).findFirst()
                .flatMap(RecoveryTask::outcome).orElse(null), o -> o != null);
        System.err.println("[measured] AMQP heartbeat silence to verified recovery: " + outcome.timeToRecover().toMillis()
                + " ms from detection (timeout 1 s, checks every 200 ms, 2 in a row)");
        assertThat(outcome.failure()).isEqualTo(FailureKind.HEARTBEAT_TIMEOUT);
        assertThat(outcome.action()).isEqualTo("graceful_restart");
        assertThat(outcome.success()).isTrue();
        assertThat(sages.incidents().get(0).message()).matches("Worker " + worker
                + "#0 is critical \\(HEARTBEAT_TIMEOUT\\): no AMQP heartbeat for \\d+(\\.\\d)? s \\(timeout 1 s\\)");
        InstanceStatus after = instance(worker);
        assertThat(after.pid().getAsLong()).isNotEqualTo(firstPid);
        assertThat(after.state()).isEqualTo(WorkerState.HEALTHY);
        assertThat(recovery.getSystemStatus().totalRecoveries()).isEqualTo(1);
    }

    @Test
    void theClientsHeartbeatsReachTheEngineWithTheirNumbers() throws Exception {
        String worker = "hb-" + Long.toHexString(System.nanoTime());
        RecordingPluginContext context = new RecordingPluginContext("amqp_heartbeat", Map.of("exchange", exchange), home,
                TimeSource.system());
        List<WorkerId> beats = context.heartbeats;
        probe = new AmqpHeartbeatProbe(context, RealBroker.env());
        TestProbeContext ctx = TestProbeContext.of(FakeWorkerInstance.builder(worker)
                .startedAt(Instant.now().minusSeconds(600)).build(), Map.of("enabled", true), TimeSource.system());
        HealthSignal listening = await().atMost(WAIT).until(() -> probe.check(ctx), s -> s.status() != HealthStatus.UNKNOWN);

        try (AmqpHeartbeatClient client = AmqpHeartbeatClient.connect(RealBroker.uri(), worker, exchange)) {
            client.beat();
            client.beat(Map.of("jobs_done", 12, "lag_ms", 3.5));
            await().atMost(WAIT).until(() -> beats.size() == 2);
        }

        // the instance started 10 min ago and the fake instance has no engine-recorded heartbeat,
        // but the probe started listening just now: a full timeout from then
        assertThat(listening.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(beats).containsExactly(WorkerId.of(worker), WorkerId.of(worker));
        HealthSignal withNumbers = probe.check(ctx);
        assertThat(withNumbers.metrics()).containsEntry("reported_jobs_done", 12.0).containsEntry("reported_lag_ms", 3.5);
    }

    @Test
    void heartbeatsFlowAgainAfterTheBrokerForcedTheMonitorsConnectionClosed() throws Exception {
        Rabbitmqctl.assumeUsable();
        String worker = "hb-" + Long.toHexString(System.nanoTime());
        String connectionName = "worker-auto-recovery heartbeat test " + worker;
        RecordingPluginContext context = new RecordingPluginContext("amqp_heartbeat", Map.of("exchange", exchange,
                "connection_name", connectionName, "reconnect_interval", "500ms"), home, TimeSource.system());
        probe = new AmqpHeartbeatProbe(context, RealBroker.env());
        TestProbeContext ctx = TestProbeContext.of(FakeWorkerInstance.builder(worker)
                .startedAt(Instant.now().minusSeconds(600)).build(), Map.of("enabled", true), TimeSource.system());
        await().atMost(WAIT).until(() -> probe.check(ctx).status() == HealthStatus.HEALTHY);

        try (AmqpHeartbeatClient client = AmqpHeartbeatClient.connect(RealBroker.uri(), worker, exchange)) {
            client.beat();
            await().atMost(WAIT).until(() -> context.heartbeats.size() == 1);
            assertThat(Rabbitmqctl.closeConnection(connectionName, "test-forced-close")).isEqualTo(1);
            HealthSignal away = await().atMost(WAIT).until(() -> probe.check(ctx), s -> s.status() != HealthStatus.HEALTHY);
            assertThat(away.status()).isEqualTo(HealthStatus.UNKNOWN);
            assertThat(away.reason()).startsWith("AMQP heartbeats cannot be received: connection to amqp://***@")
                    .contains("the broker closed the connection: CONNECTION_FORCED - test-forced-close (320)");

            // the client recovers the server-named queue, its binding and the consumer by itself
            await().atMost(WAIT).until(() -> probe.check(ctx).status() == HealthStatus.HEALTHY);
            await().atMost(WAIT).until(() -> {
                client.beat();
                return context.heartbeats.size() >= 2;
            });
        }
        assertThat(context.heartbeats).allMatch(w -> w.equals(WorkerId.of(worker)));
    }

    private InstanceStatus instance(String worker) {
        List<InstanceStatus> rows = recovery.getSystemStatus().instancesOf(worker);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
