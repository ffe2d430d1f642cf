package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every state has a way out (but STOPPED: a stopped instance is gone). Each case puts an instance
 * in the state under the manual clock and shows what takes it out: time and the probes for all of
 * them, a person for FAILED. The switch is exhaustive, so a new state does not compile without
 * its way out.
 */
class StateWayOutTest {

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool w = new ControllableWorker.Pool();

    @AfterEach
    void close() {
        fx.close();
    }

    private RecoveryConfigBuilder oneWorker() {
        return fx.config(home).worker(WorkerSpec.builder("w").inJvm(w).build());
    }

    @ParameterizedTest
    @EnumSource(value = WorkerState.class, mode = EnumSource.Mode.EXCLUDE, names = "STOPPED")
    void everyStateButStoppedHasAWayOut(WorkerState state) throws Exception {
        WorkerState next = switch (state) {
            case STARTING -> {
                fx.start(oneWorker().build());
                assertThat(fx.state("w")).isEqualTo(WorkerState.STARTING);
                fx.advance(Duration.ofSeconds(10)); // the first probe round judges it
                yield WorkerState.HEALTHY;
            }
            case HEALTHY -> {
                startHealthy();
                fx.probe.status("w", HealthStatus.WARNING, FailureKind.HIGH_ERROR_RATE);
                fx.advance(Duration.ofSeconds(10));
                yield WorkerState.WARNING;
            }
            case WARNING -> {
                startHealthy();
                fx.probe.status("w", HealthStatus.WARNING, FailureKind.HIGH_ERROR_RATE);
                fx.advance(Duration.ofSeconds(10));
                assertThat(fx.state("w")).isEqualTo(WorkerState.WARNING);
                fx.probe.status("w", HealthStatus.HEALTHY, null);
                fx.advance(Duration.ofSeconds(10));
                yield WorkerState.HEALTHY;
            }
            case CRITICAL -> {
                startHealthy();
                fx.probe.status("w", HealthStatus.CRITICAL, FailureKind.UNRESPONSIVE);
                fx.advance(Duration.ofSeconds(20));
                assertThat(fx.state("w")).isEqualTo(WorkerState.CRITICAL);
                fx.advance(Duration.ofSeconds(10)); // the third check in a row: a recovery
                yield WorkerState.RECOVERING;
            }
            case UNKNOWN -> {
                startHealthy();
                fx.probe.throwing("w", new IllegalStateException("probe bug"));
                fx.advance(Duration.ofSeconds(40));
                assertThat(fx.state("w")).isEqualTo(WorkerState.UNKNOWN);
                fx.probe.status("w", HealthStatus.HEALTHY, null);
                fx.advance(Duration.ofSeconds(10)); // a round that can tell again
                yield WorkerState.HEALTHY;
            }
            case DEAD -> {
                startHealthy();
                w.crash();
                fx.settleUntil(() -> w.starts() == 2);
                fx.advance(Duration.ofSeconds(1));
                w.crash(); // the second attempt in the window waits the 1 s back-off: DEAD meanwhile
                fx.settleUntil(() -> fx.state("w") == WorkerState.DEAD && fx.scheduler.inFlight() == 0);
                fx.advance(Duration.ofSeconds(1));
                fx.settleUntil(() -> w.starts() == 3);
                yield WorkerState.RECOVERING;
            }
            case RECOVERING -> {
                startHealthy();
                w.crash();
                fx.settleUntil(() -> w.starts() == 2 && fx.state("w") == WorkerState.RECOVERING);
                fx.advance(Duration.ofSeconds(1)); // verified
                yield WorkerState.HEALTHY;
            }
            case FAILED -> {
                fx.start(oneWorker().maxRestartAttempts(0).build());
                w.crash();
                fx.settleUntil(() -> fx.state("w") == WorkerState.FAILED);
                fx.advance(Duration.ofMinutes(10));
                assertThat(fx.state("w")).as("given up: nothing automatic").isEqualTo(WorkerState.FAILED);
                var outcome = fx.recovery.manualRecovery("w", "restart"); // a person's recovery
                fx.settleUntil(() -> w.starts() == 2);
                fx.advance(Duration.ofSeconds(1));
                assertThat(outcome.get(1, TimeUnit.SECONDS).success()).isTrue();
                yield WorkerState.HEALTHY;
            }
            case STOPPED -> throw new AssertionError("a stopped instance is gone: it has no way out");
        };
        fx.settleUntil(() -> fx.state("w") != state);
        assertThat(fx.state("w")).isEqualTo(next);
    }

    /**
     * The hole behind issue 14's item 8: a probe calls three live instances DEAD at once, the
     * shared-outage guard holds them, and no canary runs before the maximum hold ends it. DEAD
     * instances are not probed again, so the release must recover them.
     */
    @Test
    void aLiveInstanceHeldDeadIsRecoveredWhenTheMaximumHoldEnds() {
        List<String> ids = List.of("a", "b", "c");
        ControllableWorker.Pool[] pools = {new ControllableWorker.Pool(), new ControllableWorker.Pool(),
                new ControllableWorker.Pool()};
        RecoveryConfigBuilder cfg = fx.config(home).correlation(CorrelationConfig.ofDefaults()
                .withCanaryInterval(Duration.ofMinutes(20)).withMaxHold(Duration.ofMinutes(10)));
        for (int i = 0; i < ids.size(); i++) {
            cfg.worker(WorkerSpec.builder(ids.get(i)).inJvm(pools[i]).build());
        }
        fx.start(cfg.build());
        // the probe saw the same error on each: a shared outage (a bare UNRESPONSIVE would not be one)
        ids.forEach(id -> fx.probe.status(id, HealthStatus.DEAD, FailureKind.UNRESPONSIVE,
                List.of("ERROR lost the connection to broker 10.0.0.3:5672")));
        fx.advance(Duration.ofSeconds(10));
        fx.advance(Duration.ofSeconds(10));
        fx.settleUntil(() -> fx.scheduler.inFlight() == 0 && ids.stream().map(id -> fx.instance(id, 0))
                .allMatch(i -> i.state() == WorkerState.DEAD && i.lastReason().startsWith("held: shared outage ")));
        assertThat(pools).allSatisfy(p -> assertThat(p.latest().ended).as("alive").isFalse());
        ids.forEach(id -> fx.probe.status(id, HealthStatus.HEALTHY, null));

        fx.advance(Duration.ofMinutes(10)); // the maximum hold ends the outage: no canary ran
        fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        for (int s = 0; s < 10; s++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }

        assertThat(ids).allSatisfy(id -> assertThat(fx.state(id)).as(id).isEqualTo(WorkerState.HEALTHY));
        assertThat(fx.recovery.recentAlerts()).filteredOn(a -> a.message().startsWith("Shared outage")).hasSize(2);
    }

    private void startHealthy() {
        fx.start(oneWorker().build());
        fx.advance(Duration.ofSeconds(10));
        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
    }
}
