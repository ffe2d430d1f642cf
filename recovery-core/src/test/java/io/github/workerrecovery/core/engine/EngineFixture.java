package io.github.workerrecovery.core.engine;

import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualScheduler;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The engine under a manual clock, with a scripted probe, a recording notifier and an in-memory store. */
final class EngineFixture implements AutoCloseable {

    final ManualScheduler scheduler = new ManualScheduler();
    final FakeProbe probe = new FakeProbe("fake");
    final RecordingNotifier sages = new RecordingNotifier();
    final InMemoryStrategyStore store;
    WorkerAutoRecovery recovery;

    EngineFixture() {
        this(new InMemoryStrategyStore());
    }

    EngineFixture(InMemoryStrategyStore store) {
        this.store = store;
    }

    /**
     * Defaults for engine tests: 10 s checks, 3 in a row, 1 s back-off base capped at 8 s, 3 attempts,
     * a fixed learning seed so that every choice is the same on every run. The first round of an
     * instance comes with the periodic rounds ({@code first_check_after} = the interval), so that
     * these tests count rounds on one timeline; {@code FirstCheckTest} covers the early first round.
     */
    RecoveryConfigBuilder config(Path home) {
        return RecoveryConfig.builder()
                .home(home)
                .scheduler(scheduler)
                .probe(probe)
                .notifier(sages)
                .notifiers(List.of())
                .strategyStore(store)
                .healthCheckInterval(Duration.ofSeconds(10))
                .firstCheckAfter(Duration.ofSeconds(10))
                .consecutiveChecks(3)
                .restartBackoffBase(Duration.ofSeconds(1))
                .restartCooldown(Duration.ofSeconds(8))
                .maxRestartAttempts(3)
                .verificationInterval(Duration.ofSeconds(1))
                .verificationWindow(Duration.ofSeconds(5))
                .gracefulStopTimeout(Duration.ofSeconds(2))
                .learningSeed(7);
    }

    WorkerAutoRecovery start(RecoveryConfig config) {
        recovery = new WorkerAutoRecovery(config);
        recovery.startMonitoring();
        settleUntil(() -> recovery.getSystemStatus().instances().size() == config.workers().stream()
                .mapToInt(w -> w.minInstances()).sum()
                && recovery.getSystemStatus().instances().stream().allMatch(i -> i.state() != WorkerState.RECOVERING));
        return recovery;
    }

    /** Runs the engine until a condition holds; in-JVM workers run on real threads, hence the wait. */
    void settleUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            scheduler.runUntilIdle();
            return condition.getAsBoolean();
        });
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    InstanceStatus instance(String worker, int slot) {
        return recovery.getSystemStatus().instances().stream()
                .filter(i -> i.id().equals(new InstanceId(io.github.workerrecovery.api.WorkerId.of(worker), slot)))
                .findFirst().orElseThrow(() -> new AssertionError("no instance " + worker + "#" + slot));
    }

    WorkerState state(String worker) {
        return instance(worker, 0).state();
    }

    @Override
    public void close() {
        if (recovery != null) {
            recovery.close();
        }
    }
}
