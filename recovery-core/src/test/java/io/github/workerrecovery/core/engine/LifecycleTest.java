package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade's life cycle on real threads: idempotent start, close stops every thread it started. */
class LifecycleTest {

    @TempDir
    Path home;

    private static Set<String> libraryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("recovery-") || n.startsWith("sage-") || n.startsWith("worker-"))
                .collect(Collectors.toSet());
    }

    @Test
    void startTwiceIsHarmlessAndCloseStopsEveryThreadAndWorker() {
        await().atMost(Duration.ofSeconds(10)).until(() -> libraryThreads().isEmpty());
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        RecordingNotifier sages = new RecordingNotifier();
        WorkerAutoRecovery recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .healthCheckInterval(Duration.ofMillis(100)).notifier(sages)
                .worker(WorkerSpec.builder("w").inJvm(pool).build()).build());

        recovery.startMonitoring();
        recovery.startMonitoring();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> recovery.getSystemStatus().instances().size() == 1
                        && recovery.getSystemStatus().instances().get(0).state() == WorkerState.HEALTHY);
        assertThat(pool.starts()).isEqualTo(1);
        assertThat(libraryThreads()).contains("recovery-engine", "worker-w#0");

        recovery.close();
        recovery.close();

        assertThat(pool.latest().ended).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> libraryThreads().isEmpty());
        assertThat(sages.closed()).isTrue();
        assertThat(recovery.getSystemStatus().monitoring()).isFalse();
        assertThatThrownBy(recovery::startMonitoring).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void crashedWorkerIsReplacedWithinMillisecondsOnTheRealScheduler() {
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of("log")).verificationInterval(Duration.ofMillis(50))
                .worker(WorkerSpec.builder("w").inJvm(pool).build()).build())) {
            recovery.startMonitoring();
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.starts() == 1);
            pool.crash();
            await().atMost(Duration.ofSeconds(10)).until(() -> recovery.getSystemStatus().successfulRecoveries() == 1);
            assertThat(pool.starts()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> recovery.history(io.github.workerrecovery.api.HistoryQuery.latest(5)).size() == 1);
            assertThat(recovery.history(io.github.workerrecovery.api.HistoryQuery.latest(5)))
                    .singleElement().satisfies(o -> assertThat(o.action()).isEqualTo("restart"));
        }
    }
}
