package io.github.workerrecovery.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import io.github.workerrecovery.micrometer.WorkerRecoveryMetricsTest.Crashable;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The predictions' accounting in the scrape, equal to the status's totals: under the manual clock a
 * memory probe predicts a leak of two workers that do not act on predictions; one crosses its
 * threshold 30 s later (a hit with 30 s of lead), the other stops leaking and its horizon passes (a
 * false alarm).
 */
class PredictionMetersTest {

    @TempDir
    Path home;

    private final ManualScheduler scheduler = new ManualScheduler();
    private WorkerAutoRecovery recovery;
    private PrometheusText prometheus;

    /** Says per worker: healthy, a leak predicted (with its time to the threshold), or over the threshold. */
    static final class MemoryProbe implements HealthProbe {
        final Map<String, FailureKind> memory = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public HealthSignal check(ProbeContext ctx) {
            FailureKind kind = memory.get(ctx.instance().id().worker().value());
            if (kind == null) {
                return HealthSignal.healthy(name(), ctx.time().now());
            }
            HealthSignal s = HealthSignal.problem(name(), HealthStatus.WARNING, kind, kind.name(), ctx.time().now());
            return kind == FailureKind.MEMORY_LEAK ? s.withMetrics(Map.of("seconds_to_memory_threshold", 300.0)) : s;
        }
    }

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
    void theScrapeGivesThePredictionTotalsOfTheStatus() throws Exception {
        MemoryProbe probe = new MemoryProbe();
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder()
                .home(home)
                .scheduler(scheduler).probe(probe).notifiers(List.of())
                .strategyStore(new InMemoryStrategyStore())
                .healthCheckInterval(Duration.ofSeconds(10))
                .consecutiveChecks(3)
                .verificationInterval(Duration.ofSeconds(1))
                .verificationWindow(Duration.ofSeconds(5))
                .prediction(PredictionConfig.ofDefaults().withHorizon(Duration.ofMinutes(2)))
                .worker(WorkerSpec.builder("hit").inJvm(new Crashable()).predictive(false).build())
                .worker(WorkerSpec.builder("quiet").inJvm(new Crashable()).predictive(false).build())
                .build());
        prometheus = new PrometheusText(recovery);
        recovery.startMonitoring();
        rounds(2);
        assertThat(prometheus.scrape().lines()).contains("worker_recovery_predictions_total{verdict=\"hit\"} 0.0",
                "worker_recovery_prediction_lead_seconds 0.0");

        probe.memory.put("hit", FailureKind.MEMORY_LEAK);
        probe.memory.put("quiet", FailureKind.MEMORY_LEAK);
        rounds(1);
        probe.memory.remove("quiet");
        rounds(2);
        probe.memory.put("hit", FailureKind.HIGH_MEMORY); // the 4th problem round in a row: detected at once
        rounds(1);
        probe.memory.remove("hit");
        rounds(15); // the recovery, and the quiet worker's horizon of 2 min

        assertThat(recovery.getSystemStatus().predictions()).isEqualTo(new PredictionTotals(1, 1, 0, 0, 30));
        assertThat(prometheus.scrape().lines().filter(l -> l.startsWith("worker_recovery_prediction"))).containsExactly(
                "worker_recovery_prediction_lead_seconds 30.0",
                "worker_recovery_predictions_total{verdict=\"averted\"} 0.0",
                "worker_recovery_predictions_total{verdict=\"false_alarm\"} 1.0",
                "worker_recovery_predictions_total{verdict=\"hit\"} 1.0",
                "worker_recovery_predictions_total{verdict=\"wrong\"} 0.0");
    }

    private void rounds(int n) {
        for (int i = 0; i < n; i++) {
            scheduler.advance(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
                scheduler.runUntilIdle();
                return scheduler.inFlight() == 0;
            });
        }
    }
}
