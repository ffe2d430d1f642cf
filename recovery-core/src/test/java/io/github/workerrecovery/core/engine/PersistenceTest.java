package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.ManualScheduler;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the engine learns survives a restart through the built-in JSON store; a corrupt file never stops it. */
class PersistenceTest {

    @TempDir
    Path home;

    private RecoveryConfig config(ManualScheduler scheduler, RecordingNotifier sages, ControllableWorker.Pool pool) {
        return RecoveryConfig.builder().home(home).scheduler(scheduler).notifiers(List.of()).notifier(sages)
                .verificationInterval(Duration.ofSeconds(1))
                .worker(WorkerSpec.builder("w").inJvm(pool).build()).build();
    }

    @Test
    void strategyStatisticsSurviveARestartOfTheHost() {
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        EngineFixture first = new EngineFixture();
        try (first) {
            first.recovery = new WorkerAutoRecovery(config(first.scheduler, first.sages, pool));
            first.recovery.startMonitoring();
            first.settleUntil(() -> pool.starts() == 1 && !first.recovery.getSystemStatus().instances().isEmpty());
            pool.crash();
            first.settleUntil(() -> pool.starts() == 2);
            first.advance(Duration.ofSeconds(1));
            assertThat(first.state("w")).isEqualTo(WorkerState.HEALTHY);
            assertThat(first.recovery.strategies()).isEmpty(); // on probation: not a success yet
            first.advance(Duration.ofSeconds(60));
            first.settleUntil(() -> !first.recovery.strategies().isEmpty());
        }

        EngineFixture second = new EngineFixture();
        try (second) {
            second.recovery = new WorkerAutoRecovery(config(second.scheduler, second.sages, new ControllableWorker.Pool()));
            second.recovery.startMonitoring();
            second.settleUntil(() -> !second.recovery.getSystemStatus().instances().isEmpty());

            List<StrategyStats> learned = second.recovery.strategies();
            assertThat(learned).singleElement().satisfies(s -> {
                assertThat(s.failure()).isEqualTo(FailureKind.PROCESS_EXITED);
                assertThat(s.action()).isEqualTo("restart");
                assertThat(s.attempts()).isEqualTo(1);
                assertThat(s.successes()).isEqualTo(1);
                assertThat(s.recentRecoveryMillis()).containsExactly(1000L);
            });
            assertThat(second.recovery.history(io.github.workerrecovery.api.HistoryQuery.latest(10))).hasSize(1);
        }
    }

    @Test
    void truncatedStrategiesFileIsMovedAsideAndTheEngineStarts() throws Exception {
        Path file = home.resolve("data/recovery_strategies.json");
        Files.createDirectories(file.getParent());
        String truncated = "{\"version\":1,\"strategies\":[{\"failure\":\"PROCESS_EXITED\",\"act";
        Files.writeString(file, truncated);
        EngineFixture fx = new EngineFixture();
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        try (fx) {
            fx.recovery = new WorkerAutoRecovery(config(fx.scheduler, fx.sages, pool));
            fx.recovery.startMonitoring();
            fx.settleUntil(() -> pool.starts() == 1 && !fx.sages.incidents().isEmpty());

            assertThat(fx.recovery.getSystemStatus().monitoring()).isTrue();
            assertThat(fx.recovery.strategies()).isEmpty();
            try (Stream<Path> files = Files.list(file.getParent())) {
                List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("recovery_strategies.json.corrupt-")).toList();
                assertThat(aside).singleElement().satisfies(p -> assertThat(Files.readString(p)).isEqualTo(truncated));
            }
            assertThat(fx.sages.incidents()).singleElement().satisfies(a -> {
                assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
                assertThat(a.message()).contains("recovery_strategies.json");
            });
        }
    }
}
