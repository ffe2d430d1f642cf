package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every provider of the module configured with a password the broker refuses: the password
 * appears in no reason, outcome, alert, sage event, status field, file under the home, or log
 * line (the module logs at DEBUG, the AMQP client too, into target/rabbitmq-tests.log).
 */
@ExtendWith(RealBroker.class)
class SecretMaskingBrokerTest {

    @TempDir
    Path home;

    @Test
    void aRefusedPasswordIsNeverShown() throws Exception {
        String secret = "pw-" + UUID.randomUUID();
        URI real = URI.create(RealBroker.uri());
        String uri = "amqp://guest:" + secret + "@" + real.getHost() + ":" + (real.getPort() == -1 ? 5672 : real.getPort())
                + "/%2f";
        Map<String, Object> broker = Map.of("uri", uri, "reconnect_interval", "200ms");
        FakeProbe fake = new FakeProbe("fake").status("w", HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST);
        RecordingNotifier sages = new RecordingNotifier();
        List<String> shown = new ArrayList<>();
        try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of("jsonl", "rabbitmq")).notifier(sages).probe(fake)
                .plugin("rabbitmq_queue", Map.of("uri", uri, "reconnect_interval", "200ms",
                        "autoscale", Map.of("interval", "100ms")))
                .plugin("amqp_heartbeat", broker)
                .plugin("amqp_connection_reset", broker)
                .plugin("rabbitmq", broker)
                .healthCheckInterval(Duration.ofMillis(100))
                .consecutiveChecks(1)
                .maxRestartAttempts(1)
                .worker(WorkerSpec.builder("w").inJvm(IdleWorker::new).queues(List.of("jobs"))
                        .minInstances(1).maxInstances(2)
                        .actions(List.of("amqp_connection_reset"))
                        .probe("rabbitmq_queue", Map.of("enabled", true))
                        .probe("amqp_heartbeat", Map.of("enabled", true))
                        .build())
                .build())) {
            recovery.startMonitoring();
            // the engine tries amqp_connection_reset, which the broker's refusal makes fail, then gives up
            await().atMost(Duration.ofSeconds(20)).until(() -> recovery.recentAlerts().stream()
                    .anyMatch(a -> a.message().startsWith("Worker w failed after 1 restart attempts")));
            RecoveryOutcome manual = recovery.manualRecovery("w", "amqp_connection_reset").get(20, TimeUnit.SECONDS);

            assertThat(manual.success()).isFalse();
            assertThat(manual.detail()).startsWith("cannot send connection_reset: cannot connect to amqp://***@")
                    .contains("ACCESS_REFUSED");
            recovery.getSystemStatus().instances().forEach(i -> shown.add(i.toString()));
            recovery.recentAlerts().stream().map(IncidentAlert::message).forEach(shown::add);
            recovery.history(HistoryQuery.latest(100)).forEach(o -> shown.add(o.toString()));
            shown.add(recovery.config().toString());
        }
        sages.events().stream().map(SageEvent::toString).forEach(shown::add);
        try (var files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                shown.add(Files.readString(f));
            }
        }
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/rabbitmq-tests.log"));
        shown.add(Files.readString(log));

        assertThat(String.join("\n", shown))
                .contains("amqp://***@")
                .contains("ACCESS_REFUSED")
                .doesNotContain(secret);
        assertThat(shown.stream().filter(s -> s.contains(InstanceStatus.class.getSimpleName()))).isNotEmpty();
    }
}
