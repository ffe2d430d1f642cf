package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.store.JsonFileStrategyStore;
import io.github.workerrecovery.testkit.ManualScheduler;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attempt cut short by the monitor's close is a record in the real history file, written before
 * the store closes: its verdict would otherwise be lost with the engine thread.
 */
class ShutdownRecordTest {

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool w = new ControllableWorker.Pool();

    /** The built-in json store under {@code home}, not the fixture's in-memory one. */
    private RecoveryConfigBuilder config() {
        return RecoveryConfig.builder().home(home).scheduler(fx.scheduler).probe(fx.probe).notifier(fx.sages)
                .notifiers(List.of()).verificationInterval(Duration.ofSeconds(1)).verificationWindow(Duration.ofSeconds(5));
    }

    private List<RecoveryOutcome> historyOnDisk() throws Exception {
        JsonFileStrategyStore store = new JsonFileStrategyStore(
                new TestPluginContext(io.github.workerrecovery.api.PluginSettings.empty(), home, new ManualScheduler().time()),
                JsonFileStrategyStore.DEFAULT_HISTORY_RETENTION);
        return store.history(HistoryQuery.latest(10));
    }

    @Test
    void anActionRunningAtCloseIsRecordedAsInterrupted() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        RecoveryAction slow = new RecoveryAction() {
            @Override
            public String name() {
                return "slow_restart";
            }

            @Override
            public boolean appliesTo(FailureKind failure) {
                return false;
            }

            @Override
            public ActionResult execute(ActionContext context) throws Exception {
                ManualScheduler.parkCurrentWork();
                never.await(); // a graceful restart that the shutdown interrupts
                return ActionResult.done("finished");
            }
        };
        fx.recovery = new WorkerAutoRecovery(config().action(slow).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        fx.recovery.startMonitoring();
        fx.settleUntil(() -> w.starts() == 1 && !fx.recovery.getSystemStatus().instances().isEmpty());
        var outcome = fx.recovery.manualRecovery("w", "slow_restart");
        fx.settleUntil(() -> fx.state("w") == WorkerState.RECOVERING);
        fx.advance(Duration.ofSeconds(3));

        fx.recovery.close();

        assertThat(historyOnDisk()).singleElement().satisfies(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.interrupted()).isTrue();
            assertThat(o.action()).isEqualTo("slow_restart");
            assertThat(o.manual()).isTrue();
            assertThat(o.detail()).isEqualTo("interrupted: the monitor shut down while slow_restart was running (3 s after it started)");
        });
        assertThat(outcome).isCompletedWithValueMatching(RecoveryOutcome::interrupted);
        assertThat(Files.readAllLines(home.resolve(JsonFileStrategyStore.HISTORY_FILE))).hasSize(1);
    }

    @Test
    void anAttemptBeingVerifiedAtCloseIsRecordedAsInterrupted() throws Exception {
        fx.recovery = new WorkerAutoRecovery(config().verificationWindow(Duration.ofSeconds(30))
                .worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        fx.recovery.startMonitoring();
        fx.settleUntil(() -> w.starts() == 1 && !fx.recovery.getSystemStatus().instances().isEmpty());
        fx.probe.status("w", io.github.workerrecovery.api.HealthStatus.WARNING, FailureKind.HIGH_CPU);
        w.crash();
        fx.settleUntil(() -> w.starts() == 2 && fx.state("w") == WorkerState.RECOVERING && fx.scheduler.inFlight() == 0);
        fx.advance(Duration.ofSeconds(2)); // the replacement is not healthy yet: verification goes on

        fx.recovery.close();

        assertThat(historyOnDisk()).singleElement().satisfies(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.failure()).isEqualTo(FailureKind.PROCESS_EXITED);
            assertThat(o.detail()).isEqualTo(
                    "interrupted: the monitor shut down while the effect of restart was being verified (2 s after it started)");
            assertThat(o.timeToRecover()).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(w.latest().ended).as("stopped by the close").isTrue();
    }
}
