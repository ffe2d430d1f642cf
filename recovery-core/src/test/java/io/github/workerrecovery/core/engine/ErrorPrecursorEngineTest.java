package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error pattern as a learned precursor, in the engine under a manual clock: worker {@code w}
 * writes "connection pool exhausted" warnings a few rounds before each stall; worker {@code h} writes
 * the same warning now and then and never fails. After three stalls the pattern is a finding of
 * {@code w} (one insight); the fourth time it is only watched (an early WARNING, a hit); the fifth
 * time the action runs when the warning is written, before any stall. {@code h} never gets a
 * prediction: a precursor is learned per worker.
 */
class ErrorPrecursorEngineTest {

    @TempDir
    Path home;

    /** A probe whose verdict and error lines per worker a test sets; a line is delivered once. */
    static final class LogProbe implements HealthProbe {
        final Map<String, HealthStatus> status = new ConcurrentHashMap<>();
        final Map<String, String> line = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "log";
        }

        @Override
        public HealthSignal check(ProbeContext ctx) {
            String worker = ctx.instance().id().worker().value();
            Instant now = ctx.time().now();
            HealthStatus s = status.getOrDefault(worker, HealthStatus.HEALTHY);
            HealthSignal signal = s == HealthStatus.HEALTHY ? HealthSignal.healthy(name(), now)
                    : HealthSignal.problem(name(), s, FailureKind.HEARTBEAT_TIMEOUT, "no heartbeat for 130 s", now)
                    .withErrors(List.of("ERROR request 77 timed out after 30000 ms"));
            String written = line.remove(worker);
            return written == null ? signal : signal.withErrors(List.of(written));
        }
    }

    private final LogProbe probe = new LogProbe();
    private final ControllableWorker.Pool worker = new ControllableWorker.Pool();
    private final ControllableWorker.Pool healthy = new ControllableWorker.Pool();

    private void rounds(EngineFixture fx, int n) {
        for (int i = 0; i < n; i++) {
            fx.advance(Duration.ofSeconds(10));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
    }

    private static String warning(int k) {
        return "WARN connection pool exhausted: " + (40 + k) + " of " + (40 + k) + " busy, waited " + (100 * k) + " ms";
    }

    private List<RecoveryOutcome> history(EngineFixture fx) {
        return fx.store.history(HistoryQuery.latest(100));
    }

    /** Both workers write the warning; {@code w} then stalls 3 rounds later and is recovered. */
    private void warnThenStall(EngineFixture fx, int k) {
        probe.line.put("w", warning(k));
        probe.line.put("h", warning(k + 100));
        rounds(fx, 3);
        stall(fx);
    }

    private void stall(EngineFixture fx) {
        int before = history(fx).size();
        probe.status.put("w", HealthStatus.CRITICAL);
        rounds(fx, 3);
        // a restart after an earlier one waits out its back-off (1 s, doubling, capped at 8 s)
        for (int i = 0; i < 20 && fx.state("w") != WorkerState.RECOVERING && history(fx).size() == before; i++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
        probe.status.put("w", HealthStatus.HEALTHY);
        settle(fx);
        assertThat(history(fx)).hasSize(before + 1);
    }

    private void settle(EngineFixture fx) {
        for (int i = 0; i < 10; i++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
        rounds(fx, 40);
    }

    @Test
    void aWarningThatPrecedesStallsIsLearnedWatchedOnceAndThenActedOnBeforeTheStall() throws Exception {
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).probe(probe)
                    .prediction(PredictionConfig.ofDefaults().withWindow(Duration.ofMinutes(5))
                            .withHorizon(Duration.ofMinutes(5)))
                    .worker(WorkerSpec.builder("w").inJvm(worker).build())
                    .worker(WorkerSpec.builder("h").inJvm(healthy).build()).build());
            rounds(fx, 20);

            // 1-3: warning, then a stall: no prediction yet (nothing learned), then the finding, said once
            for (int k = 1; k <= 3; k++) {
                warnThenStall(fx, k);
            }
            List<PatternInsight> found = fx.sages.patterns().stream()
                    .filter(p -> p.patternId().startsWith("precursor:")).toList();
            assertThat(found).singleElement().satisfies(p -> {
                assertThat(p.patternId()).startsWith("precursor:w:HEARTBEAT_TIMEOUT:");
                assertThat(p.message()).startsWith("worker w: 3 of 3 HEARTBEAT_TIMEOUT with pattern ")
                        .contains(" followed error pattern ");
            });
            assertThat(history(fx)).hasSize(3).extracting(RecoveryOutcome::failure)
                    .containsOnly(FailureKind.HEARTBEAT_TIMEOUT);

            // 4: the warning is a precursor now, but not yet right once on its own: an early warning only
            probe.line.put("w", warning(4));
            rounds(fx, 1);
            assertThat(fx.state("w")).isEqualTo(WorkerState.WARNING);
            assertThat(fx.instance("w", 0).lastReason()).startsWith("early warning: error pattern ")
                    .endsWith("which preceded 3 of 3 HEARTBEAT_TIMEOUT with pattern "
                            + found.get(0).patternId().substring("precursor:w:HEARTBEAT_TIMEOUT:".length())
                            + " followed error pattern " + fx.instance("w", 0).lastReason()
                            .substring("early warning: error pattern ".length(), "early warning: error pattern ".length() + 8));
            rounds(fx, 2);
            assertThat(history(fx)).hasSize(3);
            stall(fx); // a hit: the watched precursor was right

            // 5: trusted (1 hit): the action runs when the warning is written, before any stall
            probe.line.put("w", warning(5));
            rounds(fx, 1);
            for (int i = 0; i < 20 && history(fx).size() < 5; i++) {
                fx.advance(Duration.ofSeconds(1));
                fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
            }
            settle(fx);
            RecoveryOutcome predictive = history(fx).get(4);
            assertThat(predictive.failure()).isEqualTo(FailureKind.HEARTBEAT_TIMEOUT);
            assertThat(predictive.success()).isTrue();
            assertThat(fx.sages.incidents()).extracting(IncidentAlert::message)
                    .anyMatch(m -> m.startsWith("Worker w#0 is warning (HEARTBEAT_TIMEOUT): predicted HEARTBEAT_TIMEOUT: "
                            + "error pattern ") && m.contains("precursor right 67 %"));
            assertThat(history(fx)).hasSize(5);

            // the accounting in the status: the watched hit (50 s before its stall) and the averted one
            assertThat(fx.recovery.getSystemStatus().predictions())
                    .isEqualTo(new io.github.workerrecovery.core.prediction.PredictionTotals(1, 0, 1, 0, 50));
            assertThat(fx.recovery.errorPrecursors()).singleElement().satisfies(e -> {
                assertThat(e.worker()).isEqualTo("w");
                assertThat(e.failure()).isEqualTo(FailureKind.HEARTBEAT_TIMEOUT);
                assertThat(e.count()).isEqualTo(4);
                assertThat(e.of()).isEqualTo(4);
            });

            // the healthy worker wrote the same warning five times: never a prediction, never a recovery
            assertThat(history(fx)).extracting(o -> o.instance().worker().value()).containsOnly("w");
            assertThat(fx.sages.patterns()).noneMatch(p -> p.patternId().startsWith("drift:h:"));
            assertThat(fx.state("h")).isEqualTo(WorkerState.HEALTHY);
        }
    }

    @Test
    void learnedPrecursorsAreSavedAndTakenBackByTheNextEngineOnTheSameHome() throws Exception {
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).probe(probe)
                    .prediction(PredictionConfig.ofDefaults().withWindow(Duration.ofMinutes(5))
                            .withHorizon(Duration.ofMinutes(5)))
                    .worker(WorkerSpec.builder("w").inJvm(worker).build()).build());
            rounds(fx, 20);
            for (int k = 1; k <= 3; k++) {
                probe.line.put("w", warning(k));
                rounds(fx, 3);
                stall(fx);
            }
            assertThat(fx.recovery.errorPrecursors()).hasSize(1);
        }
        java.nio.file.Path file = home.resolve(io.github.workerrecovery.core.prediction.ErrorPrecursorFile.FILE);
        assertThat(file).exists();

        try (EngineFixture again = new EngineFixture()) {
            again.start(again.config(home).probe(probe)
                    .worker(WorkerSpec.builder("w").inJvm(new ControllableWorker.Pool()).build()).build());
            assertThat(again.recovery.errorPrecursors()).singleElement().satisfies(e -> {
                assertThat(e.worker()).isEqualTo("w");
                assertThat(e.text()).startsWith("3 of 3 HEARTBEAT_TIMEOUT with pattern ");
            });
            // known already: not told to the sages again
            assertThat(again.sages.patterns()).noneMatch(p -> p.patternId().startsWith("precursor:"));
        }
    }
}
