package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.RecordingWorkerControl;
import io.github.workerrecovery.testkit.TestActionContext;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every part with no broker to talk to (nothing listening, or a server that never answers): the
 * probes answer UNKNOWN at once, the action refuses, the notifier buffers within its bound, and
 * no text names the password. Needs no broker, so it runs everywhere.
 */
class BrokerAwayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;

    private final String secret = "pw-" + UUID.randomUUID();
    private final String userInfo = "app:" + secret;
    private AutoCloseable provider;

    @AfterEach
    void tearDown() throws Exception {
        if (provider != null) {
            provider.close();
        }
    }

    private static TestProbeContext probeContext() {
        return TestProbeContext.of(FakeWorkerInstance.builder("w").queues(List.of("jobs"))
                .startedAt(Instant.now().minusSeconds(60)).build(), Map.of("enabled", true), TimeSource.system());
    }

    @Test
    void theQueueProbeAnswersUnknownAtOnceWhenNothingListens() throws Exception {
        String uri = SilentServer.closedPortUri(userInfo);
        RabbitQueueProbe probe = new RabbitQueueProbe(new RecordingPluginContext("rabbitmq_queue", Map.of("uri", uri), home, TimeSource.system()), Map.of());
        provider = probe;

        HealthSignal first = probe.check(probeContext());
        assertThat(first.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(first.reason()).matches("cannot read queues: not connected to amqp://\\*\\*\\*@127\\.0\\.0\\.1:\\d+/%2f yet");

        HealthSignal later = await().atMost(WAIT).until(() -> probe.check(probeContext()),
                s -> s.reason().contains("Connection refused"));
        assertThat(later.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(later.reason()).matches("cannot read queues: cannot connect to amqp://\\*\\*\\*@127\\.0\\.0\\.1:\\d+/%2f:"
                + " ConnectException: Connection refused");
        assertThat(later.reason()).doesNotContain(secret);
    }

    @Test
    void aBrokerThatNeverAnswersNeverHoldsACheck() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            RabbitQueueProbe probe = new RabbitQueueProbe(new RecordingPluginContext("rabbitmq_queue", Map.of("uri", silent.uri(userInfo),
                    "timeout", "2s"), home, TimeSource.system()), Map.of());
            provider = probe;
            assertThat(probe.check(probeContext()).status()).isEqualTo(HealthStatus.UNKNOWN);
            await().atMost(WAIT).until(() -> silent.accepted() == 1); // the background attempt now hangs

            long slowest = 0;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                HealthSignal s = probe.check(probeContext());
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
                assertThat(s.status()).isEqualTo(HealthStatus.UNKNOWN);
            }

            System.err.println("[measured] rabbitmq_queue check while the broker hangs on connect: slowest of 20 "
                    + slowest + " ms");
            assertThat(slowest).as("slowest check in ms while the connect hangs").isLessThan(100);
            assertThat(silent.accepted()).isEqualTo(1); // one attempt at a time, in the background
            HealthSignal timedOut = await().atMost(WAIT).until(() -> probe.check(probeContext()),
                    s -> s.reason().contains("cannot connect"));
            assertThat(timedOut.reason()).matches("cannot read queues: cannot connect to amqp://\\*\\*\\*@127\\.0\\.0\\.1:\\d+/%2f:"
                    + " no answer within 2 s");
        }
    }

    @Test
    void theHeartbeatProbeAnswersUnknownNotTimeoutWhileItCannotListen() throws Exception {
        AmqpHeartbeatProbe probe = new AmqpHeartbeatProbe(new RecordingPluginContext("amqp_heartbeat", Map.of("uri", SilentServer.closedPortUri(userInfo)),
                home, TimeSource.system()), Map.of());
        provider = probe;

        HealthSignal s = probe.check(TestProbeContext.of(FakeWorkerInstance.builder("w")
                .startedAt(Instant.now().minus(Duration.ofHours(1))).build(), Map.of("enabled", true), TimeSource.system()));

        assertThat(s.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(s.reason()).startsWith("AMQP heartbeats cannot be received: ").doesNotContain(secret);
    }

    @Test
    void theActionRefusesWithTheMaskedBroker() throws Exception {
        AmqpConnectionResetAction action = new AmqpConnectionResetAction(new RecordingPluginContext("amqp_connection_reset",
                Map.of("uri", SilentServer.closedPortUri(userInfo)), home, TimeSource.system()), Map.of());
        provider = action;

        ActionResult r = action.execute(TestActionContext.of(FakeWorkerInstance.builder("w").build(),
                new RecordingWorkerControl(), FailureKind.CONNECTION_LOST));

        assertThat(r.completed()).isFalse();
        assertThat(r.detail()).matches("cannot send connection_reset: cannot connect to amqp://\\*\\*\\*@127\\.0\\.0\\.1:\\d+/%2f:"
                + " ConnectException: Connection refused");
    }

    @Test
    void theNotifierKeepsTheNewestEventsWithinItsBufferAndCountsTheRest() throws Exception {
        RabbitSageNotifier notifier = new RabbitSageNotifier(new RecordingPluginContext("rabbitmq", Map.of("uri", SilentServer.closedPortUri(userInfo),
                "buffer_size", 3), home, TimeSource.system()), Map.of());
        provider = notifier;

        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            notifier.deliver(new IncidentAlert("test", "alert " + i, AlertSeverity.HIGH, Instant.now(),
                    new AlertContext(1, 0, 1), Optional.empty()));
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(notifier.unsent()).isEqualTo(3);
        assertThat(notifier.dropped()).isEqualTo(2);
        assertThat(millis).as("five deliveries with the broker away, in ms").isLessThan(1_000);
    }
}
