package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.store.StrategyMerge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WorkerAutoRecovery#importStrategies}: merged on the engine thread, saved, and kept by later saves. */
class StrategyImportTest {

    private static final StrategyStats LOCAL = new StrategyStats(FailureKind.PROCESS_EXITED, "restart", 4, 3, 900,
            List.of(200L, 300L, 400L));
    private static final StrategyStats FROM_B = new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"),
            "connection_reset", "host-b", 9, 8, 800, List.of(100L));

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool pool = new ControllableWorker.Pool();

    @AfterEach
    void close() {
        fx.close();
    }

    private RecoveryConfigBuilder config() {
        // probation off: these tests are about what an import keeps, not about when a success counts
        return fx.config(home).hostId("host-a").probation(Duration.ZERO).worker(WorkerSpec.builder("w").inJvm(pool).build());
    }

    private <T> T await(CompletableFuture<T> future) throws Exception {
        fx.settleUntil(future::isDone);
        return future.get();
    }

    @Test
    void importedEvidenceIsMergedSavedAndCountedOnceWhenImportedAgain() throws Exception {
        fx.store.saveStrategies(List.of(LOCAL));
        WorkerAutoRecovery recovery = fx.start(config().build());
        StrategyStats ownComingBack = LOCAL.withOrigin("host-a");

        StrategyMerge.Report first = await(recovery.importStrategies(List.of(FROM_B, ownComingBack)));
        StrategyMerge.Report second = await(recovery.importStrategies(List.of(FROM_B, ownComingBack)));

        assertThat(recovery.hostId()).isEqualTo("host-a");
        assertThat(first).isEqualTo(new StrategyMerge.Report(1, 0, 0, 1));
        assertThat(second).isEqualTo(new StrategyMerge.Report(0, 0, 1, 1));
        assertThat(recovery.strategies()).containsExactlyInAnyOrder(LOCAL, FROM_B);
        assertThat(fx.store.loadStrategies()).containsExactlyInAnyOrder(LOCAL, FROM_B);
        assertThat(Files.readString(home.resolve("data/host-id"))).isEqualTo("host-a\n");
    }

    @Test
    void theSaveAfterTheNextRecoveryKeepsTheImportedEvidence() throws Exception {
        WorkerAutoRecovery recovery = fx.start(config().build());
        await(recovery.importStrategies(List.of(FROM_B)));

        crashAndRecover(2);

        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
        assertThat(fx.store.loadStrategies()).contains(FROM_B).anySatisfy(s -> {
            assertThat(s.isLocal()).isTrue();
            assertThat(s.key()).isEqualTo(new StrategyKey(FailureKind.PROCESS_EXITED, Optional.of(crashPattern()), "restart"));
            assertThat(s.attempts()).isEqualTo(1);
        });
    }

    @Test
    void evidenceOfAnotherHostForTheSameKeyIsKeptApartFromThisHostsOwnAndANewAttemptCountsAsOwn() throws Exception {
        WorkerAutoRecovery recovery = fx.start(config().build());
        crashAndRecover(2); // mines the crash's pattern: host-b's evidence is for the same (failure, pattern, action)
        StrategyStats sameKeyFromB = new StrategyStats(FailureKind.PROCESS_EXITED, Optional.of(crashPattern()), "restart",
                "host-b", 6, 6, 600, List.of(100L));

        await(recovery.importStrategies(List.of(sameKeyFromB)));
        crashAndRecover(3);

        assertThat(fx.store.loadStrategies()).containsExactlyInAnyOrder(sameKeyFromB,
                new StrategyStats(FailureKind.PROCESS_EXITED, Optional.of(crashPattern()), "restart",
                        StrategyStats.LOCAL_ORIGIN, 2, 2, 3000, List.of(1000L, 2000L))); // the second waited a 1 s back-off
    }

    /** Crashes the worker and waits until its restart is verified and the statistics are saved. */
    private void crashAndRecover(int startsAfter) {
        pool.crash();
        fx.settleUntil(() -> fx.state("w") != WorkerState.HEALTHY || pool.starts() == startsAfter);
        // a second attempt in the budget window waits its back-off: move the clock until the restart ran
        for (int second = 0; second < 10 && pool.starts() < startsAfter; second++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
        fx.settleUntil(() -> pool.starts() == startsAfter);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> fx.store.loadStrategies().stream()
                .anyMatch(s -> s.isLocal() && s.pattern().isPresent() && s.attempts() == startsAfter - 1));
    }

    private String crashPattern() {
        return fx.store.loadPatterns().get(0).id();
    }

    @Test
    void anImportBeforeMonitoringStartsIsRefusedAndChangesNothing() throws Exception {
        fx.store.saveStrategies(List.of(LOCAL));
        fx.recovery = new WorkerAutoRecovery(config().build());

        CompletableFuture<StrategyMerge.Report> early = fx.recovery.importStrategies(List.of(FROM_B));

        assertThat(early).isCompletedExceptionally();
        assertThat(catchCause(early)).isInstanceOf(IllegalStateException.class)
                .hasMessage("call startMonitoring() before importing strategies");
        assertThat(fx.store.loadStrategies()).containsExactly(LOCAL);
    }

    @Test
    void aLocalEntryInAnImportIsRefusedAndChangesNothing() throws Exception {
        fx.store.saveStrategies(List.of(LOCAL));
        WorkerAutoRecovery recovery = fx.start(config().build());

        CompletableFuture<StrategyMerge.Report> bad = recovery.importStrategies(List.of(FROM_B, LOCAL));
        fx.settleUntil(bad::isDone);

        assertThat(catchCause(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("an imported entry must name the host it comes from");
        assertThat(recovery.strategies()).containsExactly(LOCAL);
        assertThat(fx.store.loadStrategies()).containsExactly(LOCAL);
    }

    private static Throwable catchCause(CompletableFuture<?> future) {
        try {
            future.get();
            throw new AssertionError("expected the future to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
