package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.RecordingNotifier;
import io.github.workerrecovery.testkit.RecordingWorkerControl;
import io.github.workerrecovery.testkit.TestActionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code amqp_connection_reset}: a connection reset asked for over the worker's control queue. */
@ExtendWith(RealBroker.class)
class AmqpConnectionResetBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @TempDir
    Path home;

    private BrokerFixture broker;
    private AmqpConnectionResetAction action;
    private WorkerAutoRecovery recovery;

    @BeforeEach
    void setUp() throws Exception {
        broker = new BrokerFixture("control");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (recovery != null) {
            recovery.close();
        }
        if (action != null) {
            action.close();
        }
        broker.close();
    }

    private AmqpConnectionResetAction action(String template) {
        AmqpConnectionResetAction a = new AmqpConnectionResetAction(new RecordingPluginContext("amqp_connection_reset", Map.of("queue", template), home,
                TimeSource.system()), RealBroker.env());
        return a;
    }

    @Test
    void aWorkerThatListensGetsTheRequestOnItsControlQueueAndRecovers() throws Exception {
        String template = broker.name("control") + ".{worker}";
        String controlQueue = broker.queue("control.w");
        FakeProbe probe = new FakeProbe("fake").status("w", HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST);
        List<Delivery> received = new CopyOnWriteArrayList<>();
        Channel worker = broker.newChannel();
        worker.basicConsume(controlQueue, true, (tag, d) -> {
            received.add(d);
            probe.status("w", HealthStatus.HEALTHY, null); // the worker re-opened its connections
        }, tag -> { });
        RecordingNotifier sages = new RecordingNotifier();
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of()).notifier(sages).probe(probe)
                .plugin("amqp_connection_reset", Map.of("uri", RealBroker.uri(), "queue", template))
                .healthCheckInterval(Duration.ofMillis(100)).consecutiveChecks(1)
                .verificationInterval(Duration.ofMillis(50)).verificationWindow(Duration.ofSeconds(5))
                .worker(WorkerSpec.builder("w").inJvm(IdleWorker::new)
                        .actions(List.of("amqp_connection_reset", "restart")).build())
                .build());
        recovery.startMonitoring();

        RecoveryOutcome outcome = await().atMost(WAIT).until(() -> sages.tasks().stream()
                .filter(t -> t.stage() == RecoveryTask.Stage.DONE).findFirst()
                .flatMap(RecoveryTask::outcome).orElse(null), o -> o != null);

        assertThat(outcome.action()).isEqualTo("amqp_connection_reset");
        assertThat(outcome.success()).isTrue();
        assertThat(outcome.detail()).isEqualTo("sent connection_reset to control queue " + controlQueue + " (1 consumer)");
        assertThat(received).hasSize(1);
        Delivery d = received.get(0);
        assertThat(d.getProperties().getType()).isEqualTo("connection_reset");
        assertThat(d.getProperties().getExpiration()).isEqualTo("60000");
        assertThat(d.getProperties().getContentType()).isEqualTo("application/json");
        JsonNode body = JACKSON.readTree(d.getBody());
        assertThat(body.get("command").asText()).isEqualTo("connection_reset");
        assertThat(body.get("worker").asText()).isEqualTo("w");
        assertThat(body.get("instance").asText()).isEqualTo("w#0");
        assertThat(body.get("slot").asInt()).isZero();
        assertThat(body.has("pid")).isFalse();
        assertThat(body.get("failure").asText()).isEqualTo("CONNECTION_LOST");
        assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void nobodyListeningIsARefusalSoThePlannerMovesOn() throws Exception {
        String template = broker.name("control") + ".{worker}.{pid}";
        action = action(template);
        FakeWorkerInstance instance = FakeWorkerInstance.builder("w").pid(4242).build();
        String expected = broker.name("control") + ".w.4242";

        ActionResult missing = action.execute(TestActionContext.of(instance, new RecordingWorkerControl(),
                FailureKind.CONNECTION_LOST));
        assertThat(missing).isEqualTo(ActionResult.refused("control queue " + expected
                + " does not exist: worker w does not listen for control messages"));

        broker.queue("control.w.4242");
        ActionResult noConsumer = action.execute(TestActionContext.of(instance, new RecordingWorkerControl(),
                FailureKind.CONNECTION_LOST));
        assertThat(noConsumer).isEqualTo(ActionResult.refused("control queue " + expected + " has no consumer"));

        ActionResult noPid = action.execute(TestActionContext.of(FakeWorkerInstance.builder("w").build(),
                new RecordingWorkerControl(), FailureKind.CONNECTION_LOST));
        assertThat(noPid).isEqualTo(ActionResult.refused("the control queue template " + template
                + " needs the pid of w#0, which is not running as a process"));
    }
}
