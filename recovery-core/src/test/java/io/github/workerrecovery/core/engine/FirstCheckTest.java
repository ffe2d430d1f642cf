package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code first_check_after}: a new incarnation is judged soon after it starts, not a whole
 * {@code health_check_interval} later, and the periodic rounds keep their count.
 */
class FirstCheckTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool pool = new ControllableWorker.Pool();

    @AfterEach
    void close() {
        fx.close();
    }

    private void start(int maxInstances) {
        fx.start(fx.config(home).healthCheckInterval(INTERVAL).firstCheckAfter(Duration.ofSeconds(1))
                .worker(WorkerSpec.builder("w").inJvm(pool).minInstances(1).maxInstances(maxInstances).build()).build());
    }

    @Test
    void theInstancesStartedWithTheMonitorAreJudgedAfterFirstCheckAfterThenOncePerInterval() {
        start(1);
        assertThat(fx.state("w")).isEqualTo(WorkerState.STARTING);

        fx.advance(Duration.ofMillis(999));
        assertThat(fx.state("w")).isEqualTo(WorkerState.STARTING);
        assertThat(fx.probe.checks("w")).isZero();

        fx.advance(Duration.ofMillis(1));
        fx.settleUntil(() -> fx.state("w") == WorkerState.HEALTHY);
        assertThat(fx.probe.checks("w")).isEqualTo(1);

        fx.advance(INTERVAL.minusMillis(1));
        assertThat(fx.probe.checks("w")).isEqualTo(1);
        fx.advance(Duration.ofMillis(1));
        fx.settleUntil(() -> fx.probe.checks("w") == 2);
    }

    @Test
    void anInstanceAddedAfterTheFirstRoundGetsAFirstRoundOfItsOwn() {
        start(2);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> fx.state("w") == WorkerState.HEALTHY);

        fx.recovery.manualRecovery("w", "scale_up");
        fx.settleUntil(() -> fx.recovery.getSystemStatus().instances().size() == 2);
        assertThat(slot1()).isEqualTo(WorkerState.STARTING);
        int before = fx.probe.checks("w");

        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> slot1() == WorkerState.HEALTHY);
        // 28 s before the next periodic round: the new instance's own first round, and the
        // scale-up's verification round of slot 0 (the instance it was run on)
        assertThat(fx.probe.checks("w") - before).isEqualTo(2);
    }

    @Test
    void aFirstCheckAfterNoSoonerThanTheIntervalLeavesTheFirstRoundToThePeriodicOne() {
        fx.start(fx.config(home).healthCheckInterval(INTERVAL).firstCheckAfter(INTERVAL)
                .worker(WorkerSpec.builder("w").inJvm(pool).build()).build());

        fx.advance(INTERVAL.minusMillis(1));
        assertThat(fx.state("w")).isEqualTo(WorkerState.STARTING);
        fx.advance(Duration.ofMillis(1));
        fx.settleUntil(() -> fx.state("w") == WorkerState.HEALTHY);
        assertThat(fx.probe.checks("w")).isEqualTo(1);
    }

    private WorkerState slot1() {
        return fx.recovery.getSystemStatus().instances().stream()
                .filter(i -> i.id().equals(new InstanceId(WorkerId.of("w"), 1))).findFirst().orElseThrow().state();
    }
}
