package io.github.workerrecovery.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.micrometer.WorkerRecoveryMetricsTest.Crashable;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted sequence of recoveries under the manual clock, and the Prometheus scrape after it,
 * line for line: a crash restarted, a relapse within probation, a connection loss whose first
 * action fails and whose second works, a manual restart.
 */
class ScriptedScrapeTest {

    @TempDir
    Path home;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeProbe probe = new FakeProbe("fake");
    private final Crashable workers = new Crashable();
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
    void theScrapeCountsEveryRecoveryOfTheScript() throws Exception {
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder()
                .home(home)
                .scheduler(scheduler).probe(probe).notifiers(List.of())
                .strategyStore(new InMemoryStrategyStore())
                .healthCheckInterval(Duration.ofSeconds(10))
                .consecutiveChecks(3)
                .restartBackoffBase(Duration.ofSeconds(1))
                .restartCooldown(Duration.ofSeconds(8))
                .maxRestartAttempts(10)
                .verificationInterval(Duration.ofSeconds(1))
                .verificationWindow(Duration.ofSeconds(5))
                .probation(Duration.ofSeconds(30))
                .learningSeed(7)
                .worker(WorkerSpec.builder("w").inJvm(workers).build())
                .build());
        prometheus = new PrometheusText(recovery);
        recovery.startMonitoring();
        settleUntil(() -> state() == WorkerState.STARTING || state() == WorkerState.HEALTHY);
        scheduler.advance(Duration.ofSeconds(10));
        settleUntil(() -> state() == WorkerState.HEALTHY);

        // 1. a crash, restarted and verified one second later; its probation passes
        crashAndRecover(2);
        scheduler.advance(Duration.ofSeconds(30));
        // 2. a crash, restarted, then a crash again within probation: a relapse, recovered again
        crashAndRecover(3);
        crashAndRecover(4);
        scheduler.advance(Duration.ofSeconds(30));
        // 3. a lost connection: connection_reset does not help within the 5 s window, graceful_restart does
        probe.status("w", HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST);
        scheduler.advance(Duration.ofSeconds(30));   // three checks in a row
        scheduler.advance(Duration.ofSeconds(5));    // the verification window of connection_reset
        probe.status("w", HealthStatus.HEALTHY, null);
        stepUntil(() -> workers.starts() == 5 && state() == WorkerState.HEALTHY);
        scheduler.advance(Duration.ofSeconds(30));
        // 4. a manual restart of the healthy worker
        var manual = recovery.manualRecovery("w", "restart");
        stepUntil(manual::isDone);
        scheduler.runUntilIdle();

        List<String> scrape = prometheus.scrape().lines().toList();

        assertThat(scrape).filteredOn(l -> l.startsWith("worker_recovery_recoveries_total")).containsExactly(
                recoveries("connection_reset", "CONNECTION_LOST", "failure", 1),
                recoveries("graceful_restart", "CONNECTION_LOST", "success", 1),
                recoveries("restart", "PROCESS_EXITED", "success", 3),
                // the manual restart of a healthy worker: no failure was diagnosed
                recoveries("restart", "UNKNOWN", "success", 1));
        assertThat(scrape).filteredOn(l -> l.startsWith("worker_recovery_relapses_total")).containsExactly(
                "worker_recovery_relapses_total{action=\"restart\",failure=\"PROCESS_EXITED\",worker=\"w\"} 1.0");
        // the failed connection_reset is detected again before graceful_restart is chosen
        assertThat(scrape).filteredOn(l -> l.startsWith("worker_recovery_detections_total")).containsExactly(
                "worker_recovery_detections_total{failure=\"CONNECTION_LOST\",worker=\"w\"} 2.0",
                "worker_recovery_detections_total{failure=\"PROCESS_EXITED\",worker=\"w\"} 3.0");
        assertThat(scrape).filteredOn(l -> l.startsWith("worker_recovery_alerts_total")).containsExactly(
                "worker_recovery_alerts_total{severity=\"HIGH\"} 4.0");
        // manual clock: every time to recover is whole seconds (restarts 1 + 2 + 3 s with the back-off)
        assertThat(scrape).filteredOn(l -> l.startsWith("worker_recovery_time_to_recover_seconds_sum")).containsExactly(
                "worker_recovery_time_to_recover_seconds_sum" + tags("connection_reset", "CONNECTION_LOST", "failure") + " 9.0",
                "worker_recovery_time_to_recover_seconds_sum" + tags("graceful_restart", "CONNECTION_LOST", "success") + " 18.0",
                "worker_recovery_time_to_recover_seconds_sum" + tags("restart", "PROCESS_EXITED", "success") + " 6.0",
                "worker_recovery_time_to_recover_seconds_sum" + tags("restart", "UNKNOWN", "success") + " 1.0");
        assertThat(scrape).contains(
                "worker_recovery_time_to_recover_seconds_count" + tags("restart", "PROCESS_EXITED", "success") + " 3",
                "worker_recovery_time_to_recover_seconds_bucket"
                        + tags("restart", "PROCESS_EXITED", "success").replace("}", ",le=\"1.0\"}") + " 1",
                "worker_recovery_time_to_recover_seconds_bucket"
                        + tags("restart", "PROCESS_EXITED", "success").replace("}", ",le=\"2.5\"}") + " 2",
                "worker_recovery_time_to_recover_seconds_bucket"
                        + tags("restart", "PROCESS_EXITED", "success").replace("}", ",le=\"5.0\"}") + " 3");
        // restart for PROCESS_EXITED: two successes through probation and the relapse; the manual restart teaches nothing
        assertThat(scrape).filteredOn(l -> l.startsWith("worker_recovery_strategy_success_rate")).containsExactly(
                "worker_recovery_strategy_success_rate{action=\"connection_reset\",failure=\"CONNECTION_LOST\"} 0.0",
                "worker_recovery_strategy_success_rate{action=\"graceful_restart\",failure=\"CONNECTION_LOST\"} 1.0",
                "worker_recovery_strategy_success_rate{action=\"restart\",failure=\"PROCESS_EXITED\"} 0.6666666666666666");
        assertThat(scrape).contains(
                "worker_recovery_instances{state=\"HEALTHY\",worker=\"w\"} 1.0",
                "worker_recovery_instances{state=\"RECOVERING\",worker=\"w\"} 0.0",
                "worker_recovery_events_dropped_total 0.0");
    }

    private static String tags(String action, String failure, String result) {
        return "{action=\"" + action + "\",failure=\"" + failure + "\",result=\"" + result + "\",worker=\"w\"}";
    }

    private static String recoveries(String action, String failure, String result, int count) {
        return "worker_recovery_recoveries_total" + tags(action, failure, result) + " " + count + ".0";
    }

    private void crashAndRecover(int starts) {
        workers.crash();
        settleUntil(() -> state() != WorkerState.HEALTHY);
        stepUntil(() -> workers.starts() == starts && state() == WorkerState.HEALTHY);
    }

    /** Steps the clock by half a second until the condition holds (back-offs, verifications). */
    private void stepUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            scheduler.runUntilIdle();
            if (condition.getAsBoolean()) {
                return true;
            }
            scheduler.advance(Duration.ofMillis(500));
            return false;
        });
    }

    private void settleUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            scheduler.runUntilIdle();
            return condition.getAsBoolean();
        });
    }

    private WorkerState state() {
        List<InstanceStatus> rows = recovery.getSystemStatus().instancesOf("w");
        return rows.isEmpty() ? null : rows.get(0).state();
    }
}
