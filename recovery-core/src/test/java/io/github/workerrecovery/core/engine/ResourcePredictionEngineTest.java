package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.prediction.ResourceCorrelation;
import io.github.workerrecovery.core.prediction.ResourceCorrelationFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource correlation and prediction in the engine, under a manual clock: a worker whose memory
 * climbs before it stalls. The climb is an early WARNING; each stall is recovered with
 * {@code memory_cleanup} first, the decision saying why; after three, the consistent difference goes
 * to the sages and the file; the precursor is watched once more and then acted on before the stall.
 */
class ResourcePredictionEngineTest {

    @TempDir
    Path home;

    /** A probe that reports memory around a level a test sets, and a status it sets. */
    static final class MemoryProbe implements HealthProbe {
        volatile double memory = 40;
        volatile HealthStatus status = HealthStatus.HEALTHY;
        private int checks;

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public HealthSignal check(ProbeContext ctx) {
            double wobble = checks++ % 2 == 0 ? -1 : 1;
            Instant now = ctx.time().now();
            HealthSignal s = status == HealthStatus.HEALTHY ? HealthSignal.healthy(name(), now)
                    : HealthSignal.problem(name(), status, FailureKind.HEARTBEAT_TIMEOUT, "no heartbeat for 130 s", now);
            return s.withMetrics(Map.of("memory_percent", memory + wobble));
        }
    }

    private final MemoryProbe probe = new MemoryProbe();
    private final ControllableWorker.Pool worker = new ControllableWorker.Pool();

    private void rounds(EngineFixture fx, int n) {
        for (int i = 0; i < n; i++) {
            fx.advance(Duration.ofSeconds(10));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
    }

    /** Memory climbs 2.5 % a round from 40 %; returns the state seen after the climb. */
    private WorkerState climb(EngineFixture fx, int roundsOfClimb) {
        for (int i = 1; i <= roundsOfClimb; i++) {
            probe.memory = 40 + 2.5 * i;
            rounds(fx, 1);
        }
        return fx.state("w");
    }

    /** The worker stalls (CRITICAL for 3 checks), the cleanup it gets works, and it settles. */
    private void stallAndRecover(EngineFixture fx) {
        int cleanups = worker.signals(ControlSignal.MEMORY_CLEANUP);
        probe.status = HealthStatus.CRITICAL;
        rounds(fx, 3);
        fx.settleUntil(() -> worker.signals(ControlSignal.MEMORY_CLEANUP) == cleanups + 1);
        probe.status = HealthStatus.HEALTHY;
        probe.memory = 40;
        settle(fx);
    }

    private void settle(EngineFixture fx) {
        for (int i = 0; i < 10; i++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
        rounds(fx, 40); // healthy again, long enough for the baseline to be the normal again
    }

    private List<RecoveryOutcome> history(EngineFixture fx) {
        return fx.store.history(HistoryQuery.latest(100));
    }

    @Test
    void aMemoryClimbWarnsEarlyLeadsToMemoryCleanupIsLearnedAndThenActedOnBeforeTheStall() throws Exception {
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).probe(probe)
                    .prediction(PredictionConfig.ofDefaults().withWindow(Duration.ofMinutes(5)).withHorizon(Duration.ofMinutes(10)))
                    .worker(WorkerSpec.builder("w").inJvm(worker).build()).build());
            rounds(fx, 40);
            assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);

            // 1-3: climb (an early warning, no recovery), stall, memory_cleanup first
            for (int k = 1; k <= 3; k++) {
                assertThat(climb(fx, 20)).isEqualTo(WorkerState.WARNING);
                assertThat(fx.instance("w", 0).lastReason()).startsWith("early warning: memory_percent ");
                assertThat(history(fx)).hasSize(k - 1);
                stallAndRecover(fx);
            }
            List<RecoveryOutcome> three = history(fx);
            assertThat(three).extracting(RecoveryOutcome::failure).containsOnly(FailureKind.HEARTBEAT_TIMEOUT);
            assertThat(three).extracting(RecoveryOutcome::action).containsOnly("memory_cleanup");
            assertThat(three.get(0).decision().orElseThrow().note().orElseThrow())
                    .startsWith("preceded by memory_percent ").endsWith(": memory actions first");
            assertThat(three.get(2).decision().orElseThrow().note().orElseThrow())
                    .contains("(3 of 3 HEARTBEAT_TIMEOUT followed memory_percent above ");
            List<PatternInsight> resources = fx.sages.patterns().stream()
                    .filter(p -> p.patternId().startsWith("resources:")).toList();
            assertThat(resources).singleElement().satisfies(p -> {
                assertThat(p.patternId()).isEqualTo("resources:w:HEARTBEAT_TIMEOUT:-");
                assertThat(p.message()).startsWith("worker w: 3 of 3 HEARTBEAT_TIMEOUT followed memory_percent above ");
            });
            List<ResourceCorrelation> saved = ResourceCorrelationFile.load(home, Instant.EPOCH, p -> { });
            assertThat(saved).singleElement().satisfies(c -> {
                assertThat(c.failures()).isEqualTo(3);
                assertThat(c.metrics()).singleElement().satisfies(m -> {
                    assertThat(m.elevated()).isEqualTo(3);
                    assertThat(m.rising()).isEqualTo(3);
                });
            });

            // 4: the precursor is known but has not yet been right once on its own: watched, not acted on
            climb(fx, 20);
            assertThat(history(fx)).hasSize(3);
            stallAndRecover(fx);
            assertThat(history(fx)).hasSize(4);

            // 5: it was right: the cleanup runs during the climb, before any stall
            int cleanups = worker.signals(ControlSignal.MEMORY_CLEANUP);
            int climbed = 0;
            while (worker.signals(ControlSignal.MEMORY_CLEANUP) == cleanups && climbed < 20) {
                climbed++;
                probe.memory = 40 + 2.5 * climbed;
                rounds(fx, 1);
            }
            assertThat(worker.signals(ControlSignal.MEMORY_CLEANUP)).isEqualTo(cleanups + 1);
            assertThat(climbed).isLessThan(20);
            probe.memory = 40;
            settle(fx);
            RecoveryOutcome predictive = history(fx).get(4);
            assertThat(predictive.failure()).isEqualTo(FailureKind.HIGH_MEMORY);
            assertThat(predictive.action()).isEqualTo("memory_cleanup");
            assertThat(predictive.success()).isTrue();
            assertThat(fx.sages.incidents()).extracting(IncidentAlert::message)
                    .anyMatch(m -> m.startsWith("Worker w#0 is warning (HIGH_MEMORY): predicted HEARTBEAT_TIMEOUT: memory_percent "));
            assertThat(history(fx)).hasSize(5);
        }
    }

    @Test
    void aCriticalWorkerGetsTheEarlyWarningButNoPredictiveAction() throws Exception {
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).probe(probe)
                    .prediction(PredictionConfig.ofDefaults().withWindow(Duration.ofMinutes(5)).withHorizon(Duration.ofMinutes(10)))
                    .worker(WorkerSpec.builder("w").inJvm(worker).critical(true).build()).build());
            rounds(fx, 40);
            for (int k = 1; k <= 4; k++) {
                climb(fx, 20);
                stallAndRecover(fx);
            }
            int cleanups = worker.signals(ControlSignal.MEMORY_CLEANUP);

            assertThat(climb(fx, 20)).isEqualTo(WorkerState.WARNING);

            assertThat(worker.signals(ControlSignal.MEMORY_CLEANUP)).isEqualTo(cleanups);
            assertThat(history(fx)).hasSize(4);
        }
    }
}
