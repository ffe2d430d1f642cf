package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.NotifierStatistics;
import io.github.workerrecovery.core.ProbeStatistics;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.action.RestartAction;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cumulative probe and notifier counts of {@code probeStatistics()} and {@code notifierStatistics()}. */
class EngineStatisticsTest {

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool w = new ControllableWorker.Pool();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aProbeThatOverrunsIsAFailureAtTheTimeoutAndItsInterruptedCheckCountsUpToThen() {
        fx.start(fx.config(home).probeTimeout(Duration.ofSeconds(2)).serviceLoading(false)
                .action(new RestartAction())
                .worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        ProbeStatistics before = fx.recovery.probeStatistics().get(0);
        fx.probe.hanging("w");

        fx.advance(Duration.ofSeconds(10));          // the round starts; the check hangs
        fx.advance(Duration.ofSeconds(2));           // the round's timeout: UNKNOWN, a failure; the check is interrupted
        fx.settleUntil(() -> fx.recovery.probeStatistics().get(0).checks() == before.checks() + 1);

        // one failure (the timeout; the interrupted check's own throw is not a second one), and the
        // check's time up to its interruption
        assertThat(fx.recovery.probeStatistics()).singleElement()
                .isEqualTo(new ProbeStatistics("fake", before.checks() + 1, 1, before.totalTime().plusSeconds(2)));
        fx.probe.release();
    }

    @Test
    void aProbeThatThrowsCountsAsAFailureOfThatProbeOnly() {
        fx.start(fx.config(home).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        long checks = fx.recovery.probeStatistics().stream().filter(p -> p.probe().equals("fake"))
                .findFirst().orElseThrow().checks();
        fx.probe.throwing("w", new IllegalStateException("probe bug"));

        fx.advance(Duration.ofSeconds(10));
        fx.advance(Duration.ofSeconds(10));

        assertThat(fx.recovery.probeStatistics()).filteredOn(p -> p.probe().equals("fake")).singleElement()
                .satisfies(p -> {
                    assertThat(p.checks()).isEqualTo(checks + 2);
                    assertThat(p.failures()).isEqualTo(2);
                });
        assertThat(fx.recovery.probeStatistics()).filteredOn(p -> !p.probe().equals("fake"))
                .allSatisfy(p -> assertThat(p.failures()).isZero());
        assertThat(fx.recovery.getSystemStatus().probeFailures()).isEqualTo(2);
    }

    @Test
    void eachNotifierCountsWhatItDeliveredDroppedAndFailedInTheConfiguredOrder() {
        RecordingNotifier thrower = new RecordingNotifier("thrower").failWith(new IllegalStateException("down"));
        fx.start(fx.config(home).notifier(thrower).worker(WorkerSpec.builder("w").inJvm(w).build()).build());

        w.crash();
        fx.settleUntil(() -> w.starts() == 2 && fx.state("w") == WorkerState.RECOVERING);
        fx.advance(Duration.ofSeconds(1));
        // delivery is asynchronous: wait until the last task (done) has reached both notifiers
        fx.settleUntil(() -> fx.state("w") == WorkerState.HEALTHY
                && fx.sages.tasks().stream().anyMatch(t -> t.stage() == RecoveryTask.Stage.DONE)
                && fx.recovery.notifierStatistics().get(1).failed() == fx.sages.events().size());

        int published = fx.sages.events().size();
        assertThat(published).isGreaterThanOrEqualTo(3);    // the alert, the task queued and done at least
        assertThat(fx.recovery.notifierStatistics()).containsExactly(
                new NotifierStatistics("recording", published, 0, 0),
                new NotifierStatistics("thrower", 0, 0, published));
    }
}
