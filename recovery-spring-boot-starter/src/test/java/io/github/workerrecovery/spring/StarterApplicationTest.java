package io.github.workerrecovery.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.event.FailureDetected;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a real Spring Boot web application with the actuator on a random port, supervising
 * a real OS process: killed from outside with {@code kill -9}, kept from starting for a moment, then
 * recovered; seen through {@code /actuator/health}, {@code /actuator/workerrecovery} and the events.
 */
@SpringBootTest(classes = StarterApplicationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.endpoints.web.exposure.include=health,workerrecovery,metrics",
                "management.endpoint.health.show-details=always",
                "management.endpoint.workerrecovery.access=unrestricted",
                "worker-recovery.health-check-interval=1s",
                "worker-recovery.restart-backoff-base=200ms",
                "worker-recovery.restart-cooldown=1s",
                "worker-recovery.max-restart-attempts=100",
                "worker-recovery.probation=0",
                "worker-recovery.workers.payments.critical=true"})
class StarterApplicationTest {

    private static final Path DIR = tempDir();
    private static final Path BLOCK = DIR.resolve("block");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    WorkerAutoRecovery recovery;

    @Autowired
    EventLog events;

    @DynamicPropertySource
    static void worker(DynamicPropertyRegistry registry) throws IOException {
        Path script = DIR.resolve("payments.sh");
        // the worker refuses to start while the block file exists: the outage the test controls
        Files.writeString(script, "#!/bin/sh\nif [ -e \"$BLOCK_FILE\" ]; then exit 3; fi\nexec sleep 100000\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        registry.add("worker-recovery.home", () -> DIR.resolve("home").toString());
        registry.add("worker-recovery.workers.payments.command[0]", script::toString);
        registry.add("worker-recovery.workers.payments.env.BLOCK_FILE", BLOCK::toString);
    }

    @AfterAll
    static void unblock() throws IOException {
        Files.deleteIfExists(BLOCK);
    }

    @Test
    void aKilledWorkerTakesHealthDownUntilItIsRecoveredAndEveryoneHearsOfIt() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> health().status == 200);
        long pid = instance().pid().orElseThrow();

        Files.createFile(BLOCK);
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).start();
        assertThat(kill.waitFor()).isZero();

        await().atMost(Duration.ofSeconds(30)).until(() -> health().status == 503);
        Health down = health();
        assertThat(down.body.path("status").asText()).isEqualTo("DOWN");
        assertThat(down.body.at("/components/workerRecovery/details/instances/payments#0/state").asText())
                .isNotEqualTo("HEALTHY");

        Files.delete(BLOCK);
        await().atMost(Duration.ofSeconds(30)).until(() -> health().status == 200);
        assertThat(health().body.at("/components/workerRecovery/details/instances/payments#0/state").asText())
                .isEqualTo("HEALTHY");
        assertThat(instance().pid().orElseThrow()).isNotEqualTo(pid);

        // the events reached @EventListener in the engine's order: numbered 1, 2, 3, ... without a gap
        await().atMost(Duration.ofSeconds(10)).until(() -> events.received.stream()
                .anyMatch(e -> e instanceof RecoveryVerdict v && v.outcome().success()));
        List<RecoveryEvent> seen = List.copyOf(events.received);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i).sequence()).isEqualTo(i + 1L);
        }
        int detected = indexOf(seen, FailureDetected.class);
        int verdict = indexOf(seen, RecoveryVerdict.class);
        assertThat(detected).isNotNegative().isLessThan(verdict);

        // the metrics, bound to the application's registry by Spring Boot, counted the recovery
        await().atMost(Duration.ofSeconds(10)).until(() -> recoveries("success") >= 1.0);
        JsonNode detections = get("/actuator/metrics/worker.recovery.detections?tag=worker:payments&tag=failure:PROCESS_EXITED").body;
        // one per detection the engine announced: the kill, and each start refused while blocked
        long announced = seen.stream().filter(e -> e instanceof FailureDetected f
                && f.instance().worker().toString().equals("payments") && f.failure() == FailureKind.PROCESS_EXITED).count();
        assertThat(announced).isPositive();
        assertThat(detections.at("/measurements/0/value").asDouble()).isEqualTo((double) announced);

        // the endpoint shows the recovery in the history
        JsonNode report = get("/actuator/workerrecovery").body;
        assertThat(report.at("/status/instances/payments#0/state").asText()).isEqualTo("HEALTHY");
        assertThat(report.path("history").findValuesAsText("instance")).contains("payments#0");
        // the predictions' totals, as the status JSON has them: no prediction closed in this run
        assertThat(report.at("/status/predictions").toString())
                .isEqualTo("{\"hits\":0,\"falseAlarms\":0,\"averted\":0,\"wrong\":0,\"meanLeadSeconds\":0.0}");
    }

    @Test
    void aManualRecoveryThroughTheEndpointAnswersWithItsVerifiedOutcome() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> health().status == 200);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/actuator/workerrecovery/payments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"restart\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.path("action").asText()).isEqualTo("restart");
        assertThat(outcome.path("manual").asBoolean()).isTrue();
        assertThat(outcome.path("success").asBoolean()).isTrue();

        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(uri("/actuator/workerrecovery/nobody"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"restart\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("unknown worker 'nobody'");
    }

    private double recoveries(String result) throws Exception {
        Health h = get("/actuator/metrics/worker.recovery.recoveries?tag=worker:payments&tag=result:" + result);
        return h.status == 200 ? h.body.at("/measurements/0/value").asDouble() : 0.0;
    }

    private static int indexOf(List<RecoveryEvent> events, Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private InstanceStatus instance() {
        return recovery.getSystemStatus().instancesOf("payments").get(0);
    }

    private record Health(int status, JsonNode body) {
    }

    private Health health() throws Exception {
        return get("/actuator/health");
    }

    private Health get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        return new Health(r.statusCode(), JSON.readTree(r.body()));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("starter-app");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects the republished events. */
    static class EventLog {
        final List<RecoveryEvent> received = new CopyOnWriteArrayList<>();

        @EventListener
        void on(WorkerRecoveryEvent e) {
            received.add(e.event());
        }
    }

    @SpringBootApplication
    static class App {
        @Bean
        EventLog eventLog() {
            return new EventLog();
        }
    }
}
