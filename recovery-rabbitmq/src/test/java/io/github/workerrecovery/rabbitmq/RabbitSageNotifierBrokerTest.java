package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.notify.SageEventJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Alerts arrive on a bound queue with the right routing key, properties and JSON. */
@ExtendWith(RealBroker.class)
class RabbitSageNotifierBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path home;

    private BrokerFixture broker;
    private RabbitSageNotifier notifier;
    private WorkerAutoRecovery recovery;

    @BeforeEach
    void setUp() throws Exception {
        broker = new BrokerFixture("alerts");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (recovery != null) {
            recovery.close();
        }
        if (notifier != null) {
            notifier.close();
        }
        broker.close();
    }

    private static IncidentAlert incident(AlertSeverity severity, String message) {
        return new IncidentAlert("worker-auto-recovery", message, severity, AT, new AlertContext(3, 2, 1),
                Optional.of(WorkerId.of("ai_worker")));
    }

    private List<GetResponse> drain(String queue, int expected) throws Exception {
        List<GetResponse> got = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            GetResponse r = broker.take(queue);
            if (r != null) {
                got.add(r);
            }
            return got.size() >= expected;
        });
        assertThat(broker.take(queue)).isNull();
        return got;
    }

    @Test
    void eachEventGoesOutPersistentWithItsKindAndSeverityAsRoutingKey() throws Exception {
        String exchange = broker.topicExchange("alerts");
        String sink = broker.queue("sink");
        broker.bind(sink, exchange, "incident.critical");
        broker.bind(sink, exchange, "task.*");
        notifier = new RabbitSageNotifier(new RecordingPluginContext("rabbitmq", Map.of("exchange", exchange), home, TimeSource.system()),
                RealBroker.env());
        IncidentAlert critical = incident(AlertSeverity.CRITICAL, "Worker ai_worker failed after 3 restart attempts");
        RecoveryTask task = new RecoveryTask(new InstanceId(WorkerId.of("ai_worker"), 0), "restart",
                FailureKind.PROCESS_EXITED, RecoveryTask.Stage.STARTED, AlertSeverity.HIGH, "restart started", AT,
                Optional.empty());

        notifier.deliver(critical);
        notifier.deliver(incident(AlertSeverity.LOW, "not bound: not delivered"));
        notifier.deliver(task);
        notifier.deliver(new PatternInsight(Optional.empty(), "p", "d", 1, "", "not bound either", AT));

        List<GetResponse> got = drain(sink, 2);
        assertThat(got).extracting(r -> r.getEnvelope().getRoutingKey()).containsExactly("incident.critical", "task.high");
        GetResponse first = got.get(0);
        assertThat(first.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(first.getProps().getContentType()).isEqualTo("application/json");
        assertThat(first.getProps().getType()).isEqualTo("incident");
        // byte for byte what the jsonl and webhook notifiers write: one serializer for every transport
        assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo(SageEventJson.toJsonLine(critical));
        JsonNode body = JACKSON.readTree(new String(first.getBody(), StandardCharsets.UTF_8));
        assertThat(body.get("context").get("critical_workers").asInt()).isEqualTo(1);
        assertThat(new String(got.get(1).getBody(), StandardCharsets.UTF_8)).isEqualTo(SageEventJson.toJsonLine(task));
        assertThat(notifier.unsent()).isZero();
    }

    @Test
    void eventsWaitWhileTheConnectionIsForcedClosedAndGoOutInOrderAfterwards() throws Exception {
        Rabbitmqctl.assumeUsable();
        String exchange = broker.topicExchange("alerts");
        String sink = broker.queue("sink");
        broker.bind(sink, exchange, "#");
        String connectionName = broker.name("alert-publisher");
        notifier = new RabbitSageNotifier(new RecordingPluginContext("rabbitmq", Map.of("exchange", exchange, "connection_name",
                connectionName, "reconnect_interval", "500ms"), home, TimeSource.system()), RealBroker.env());
        notifier.deliver(incident(AlertSeverity.HIGH, "before"));
        drain(sink, 1);

        assertThat(Rabbitmqctl.closeConnection(connectionName, "test-forced-close")).isEqualTo(1);
        await().atMost(WAIT).until(() -> !notifier.connected());
        for (int i = 1; i <= 3; i++) {
            notifier.deliver(incident(AlertSeverity.HIGH, "during " + i));
        }
        assertThat(notifier.unsent()).isEqualTo(3);

        List<GetResponse> got = drain(sink, 3);
        assertThat(got).extracting(r -> JACKSON.readTree(r.getBody()).get("message").asText())
                .containsExactly("during 1", "during 2", "during 3");
        assertThat(notifier.unsent()).isZero();
        assertThat(notifier.dropped()).isZero();
    }

    @Test
    void theEngineFindsTheNotifierByNameAndItsIncidentsArrive() throws Exception {
        String exchange = broker.topicExchange("alerts");
        String sink = broker.queue("sink");
        broker.bind(sink, exchange, "incident.#");
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of("rabbitmq"))
                .plugin("rabbitmq", Map.of("uri", RealBroker.uri(), "exchange", exchange))
                .healthCheckInterval(Duration.ofMillis(100))
                .restartBackoffBase(Duration.ofMillis(50)).restartCooldown(Duration.ofMillis(100))
                .verificationInterval(Duration.ofMillis(50)).verificationWindow(Duration.ofSeconds(2))
                .worker(WorkerSpec.builder("crasher").inJvm(() -> () -> {
                    throw new IllegalStateException("simulated crash");
                }).maxRestartAttempts(0).build())
                .build());
        recovery.startMonitoring();

        List<GetResponse> got = drain(sink, 2);

        assertThat(got.get(0).getEnvelope().getRoutingKey()).isEqualTo("incident.high");
        assertThat(JACKSON.readTree(got.get(0).getBody()).get("message").asText())
                .startsWith("Worker crasher#0 is dead (PROCESS_EXITED)");
        JsonNode alert = JACKSON.readTree(got.get(1).getBody());
        assertThat(got.get(1).getEnvelope().getRoutingKey()).isEqualTo("incident.critical");
        assertThat(alert.get("source").asText()).isEqualTo("worker-auto-recovery");
        assertThat(alert.get("worker").asText()).isEqualTo("crasher");
        assertThat(alert.get("message").asText()).startsWith("Worker crasher failed after 0 restart attempts");
        // the host it happened on, for consumers of an exchange a fleet shares
        assertThat(got.get(1).getProps().getHeaders().get(RabbitSageNotifier.HOST_HEADER).toString())
                .isEqualTo(recovery.hostId());
    }

}
