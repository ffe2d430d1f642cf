package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A probe's own prediction, the memory leak, as one case of the prediction framework, in the engine
 * under a manual clock. The probe here speaks as {@code recovery-oshi}'s {@code resources} probe does
 * (WARNING {@code MEMORY_LEAK} with {@code seconds_to_memory_threshold}), without the core or this
 * test naming it: a leak of a worker that does not allow predictive actions is watched and is a hit
 * when the threshold is crossed (with its lead time), a leak that stops is a false alarm once the
 * horizon passes, and a leak of a predictive worker is acted on at {@code consecutive_checks} and is
 * averted. The status gives the exact totals.
 */
class LeakPredictionEngineTest {

    @TempDir
    Path home;

    /** What the memory probe says of a worker. */
    enum Memory { NORMAL, LEAKING, OVER_THRESHOLD }

    /** A memory probe whose verdict per worker a test sets. */
    static final class MemoryProbe implements HealthProbe {
        final Map<String, Memory> memory = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public HealthSignal check(ProbeContext ctx) {
            Instant now = ctx.time().now();
            return switch (memory.getOrDefault(ctx.instance().id().worker().value(), Memory.NORMAL)) {
                case NORMAL -> HealthSignal.healthy(name(), now);
                case LEAKING -> HealthSignal.problem(name(), HealthStatus.WARNING, FailureKind.MEMORY_LEAK,
                        "memory grows 12.0 MiB/min, will cross 85.0% in 6 min", now)
                        .withMetrics(Map.of("seconds_to_memory_threshold", 360.0));
                case OVER_THRESHOLD -> HealthSignal.problem(name(), HealthStatus.WARNING, FailureKind.HIGH_MEMORY,
                        "memory 86.0% > 85.0%", now);
            };
        }
    }

    private final MemoryProbe probe = new MemoryProbe();

    private void rounds(EngineFixture fx, int n) {
        for (int i = 0; i < n; i++) {
            fx.advance(Duration.ofSeconds(10));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
    }

    private List<RecoveryOutcome> history(EngineFixture fx, String worker) {
        return fx.store.history(HistoryQuery.latest(100)).stream()
                .filter(o -> o.instance().worker().value().equals(worker)).toList();
    }

    /** Lets a running recovery finish: its action, then its verification (1 s rounds, 5 s window). */
    private void settle(EngineFixture fx) {
        for (int i = 0; i < 20; i++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
    }

    @Test
    void aLeakIsAPredictionAccountedAsAHitAFalseAlarmOrAnAvertedOneAndActedOnOnlyWhereAllowed() throws Exception {
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).probe(probe)
                    .prediction(PredictionConfig.ofDefaults().withHorizon(Duration.ofMinutes(5)))
                    .worker(WorkerSpec.builder("watched").inJvm(new ControllableWorker.Pool()).predictive(false).build())
                    .worker(WorkerSpec.builder("quiet").inJvm(new ControllableWorker.Pool()).predictive(false).build())
                    .worker(WorkerSpec.builder("acts").inJvm(new ControllableWorker.Pool()).build()).build());
            rounds(fx, 3);

            // the three start to leak in the same round
            probe.memory.put("watched", Memory.LEAKING);
            probe.memory.put("quiet", Memory.LEAKING);
            probe.memory.put("acts", Memory.LEAKING);
            rounds(fx, 2);
            probe.memory.put("quiet", Memory.NORMAL); // its growth stopped: the leak was not one
            rounds(fx, 1);

            // the 3rd leaking round: the predictive worker is recovered, the watched one only warns
            probe.memory.put("acts", Memory.NORMAL);
            settle(fx);
            assertThat(history(fx, "acts")).singleElement().satisfies(o -> {
                assertThat(o.failure()).isEqualTo(FailureKind.MEMORY_LEAK);
                assertThat(o.success()).isTrue();
            });
            assertThat(fx.state("watched")).isEqualTo(WorkerState.WARNING);
            assertThat(fx.instance("watched", 0).lastReason()).isEqualTo("memory grows 12.0 MiB/min, will cross 85.0% in 6 min");
            rounds(fx, 2);
            assertThat(history(fx, "watched")).isEmpty();
            assertThat(history(fx, "quiet")).isEmpty();

            // the watched leak crosses the threshold in its 8th round (the 1 s steps above passed two): 70 s of lead
            probe.memory.put("watched", Memory.OVER_THRESHOLD);
            rounds(fx, 1);
            probe.memory.put("watched", Memory.NORMAL);
            settle(fx);
            assertThat(history(fx, "watched")).singleElement().satisfies(o -> {
                assertThat(o.failure()).isEqualTo(FailureKind.HIGH_MEMORY);
                assertThat(o.success()).isTrue();
            });
            assertThat(fx.recovery.getSystemStatus().predictions()).isEqualTo(new PredictionTotals(1, 0, 0, 0, 70));

            // the horizon (5 min) passes: the quiet worker's leak was a false alarm, the acted one averted
            rounds(fx, 30);
            assertThat(fx.recovery.getSystemStatus().predictions()).isEqualTo(new PredictionTotals(1, 1, 1, 0, 70));
            assertThat(history(fx, "quiet")).isEmpty();
            assertThat(List.of(fx.state("watched"), fx.state("quiet"), fx.state("acts")))
                    .containsOnly(WorkerState.HEALTHY);
        }
    }
}
