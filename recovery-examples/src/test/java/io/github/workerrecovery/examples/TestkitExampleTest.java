package io.github.workerrecovery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InJvmWorker;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualScheduler;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's testkit example, as it is printed there: it must run and its assertions must hold. */
class TestkitExampleTest {

    @TempDir
    Path home;

    /** A consumer loop that runs until asked to stop and takes a reconnect request. */
    static final class MyWorker implements InJvmWorker {
        private final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public void run() throws InterruptedException {
            stop.await();
        }

        @Override
        public void requestStop() {
            stop.countDown();
        }

        @Override
        public void onSignal(io.github.workerrecovery.api.ControlSignal signal) {
            // reconnect: nothing to do in this example
        }
    }

    @Test
    void theReadmeExampleRecoversTheWorker() {
        // --- as in the README
        ManualScheduler scheduler = new ManualScheduler();
        FakeProbe probe = new FakeProbe("fake");
        RecordingNotifier sages = new RecordingNotifier();
        try (var recovery = new WorkerAutoRecovery(RecoveryConfig.builder()
                .home(home)
                .scheduler(scheduler).probe(probe).notifier(sages).notifiers(List.of())
                .strategyStore(new InMemoryStrategyStore())
                .worker(WorkerSpec.builder("w").inJvm(MyWorker::new).build()).build())) {
            recovery.startMonitoring();
            probe.status("w", HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST);
            scheduler.advance(Duration.ofSeconds(61));  // checks at 1 s, 31 s, 61 s, in microseconds: a recovery starts
            probe.status("w", HealthStatus.HEALTHY, null);
            scheduler.advance(Duration.ofSeconds(1));   // verified one interval later

            assertThat(recovery.getSystemStatus().instancesOf("w").get(0).state()).isEqualTo(WorkerState.HEALTHY);
            assertThat(sages.tasks()).last().satisfies(t -> {
                assertThat(t.stage()).isEqualTo(RecoveryTask.Stage.DONE);
                assertThat(t.message()).isEqualTo("connection_reset of w#0 worked in 1000 ms");
            });
            // --- end of the README's example
        }
    }
}
