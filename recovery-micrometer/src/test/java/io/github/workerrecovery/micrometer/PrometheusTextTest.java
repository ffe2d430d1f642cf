package io.github.workerrecovery.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real OS process worker, killed with {@code kill -9} and restarted by the engine on its real
 * scheduler; the Prometheus scrape says so, line for line.
 */
class PrometheusTextTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private WorkerAutoRecovery recovery;
    private PrometheusText prometheus;

    @AfterEach
    void close() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (recovery != null) {
            recovery.close();
        }
    }

    @Test
    void aWorkerKilledWithSignal9AndRestartedIsInTheScrape() throws IOException, InterruptedException {
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of("log"))
                .healthCheckInterval(Duration.ofMillis(200))
                .consecutiveChecks(2)
                .verificationInterval(Duration.ofMillis(50))
                .verificationWindow(Duration.ofSeconds(5))
                .probation(Duration.ofMillis(300))
                .gracefulStopTimeout(Duration.ofMillis(500))
                .worker(WorkerSpec.builder("sleeper").command("sleep", "600").build())
                .build());
        prometheus = new PrometheusText(recovery);
        recovery.startMonitoring();
        long first = await().atMost(WAIT).until(() -> healthyPid(), Optional::isPresent).orElseThrow();

        Process kill = new ProcessBuilder("kill", "-9", Long.toString(first)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();

        await().atMost(WAIT).until(() -> healthyPid().filter(pid -> pid != first).isPresent());
        await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus.scrape().lines()).contains(
                "worker_recovery_recoveries_total{action=\"restart\",failure=\"PROCESS_EXITED\",result=\"success\",worker=\"sleeper\"} 1.0",
                "worker_recovery_strategy_success_rate{action=\"restart\",failure=\"PROCESS_EXITED\"} 1.0"));
        String text = prometheus.scrape();
        assertThat(text.lines()).contains(
                "# TYPE worker_recovery_recoveries_total counter",
                "worker_recovery_detections_total{failure=\"PROCESS_EXITED\",worker=\"sleeper\"} 1.0",
                "worker_recovery_time_to_recover_seconds_count{action=\"restart\",failure=\"PROCESS_EXITED\",result=\"success\",worker=\"sleeper\"} 1",
                "worker_recovery_instances{state=\"HEALTHY\",worker=\"sleeper\"} 1.0",
                "worker_recovery_instances{state=\"DEAD\",worker=\"sleeper\"} 0.0",
                "worker_recovery_events_dropped_total 0.0");
        assertThat(text).doesNotContain(Long.toString(first));
    }

    private Optional<Long> healthyPid() {
        List<InstanceStatus> rows = recovery.getSystemStatus().instancesOf("sleeper");
        if (rows.isEmpty() || rows.get(0).state() != WorkerState.HEALTHY || rows.get(0).pid().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(rows.get(0).pid().getAsLong());
    }
}
