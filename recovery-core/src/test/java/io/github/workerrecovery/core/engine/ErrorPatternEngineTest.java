package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine mines the error that comes with a failure, records its pattern and announces new ones.
 * Probation is off: the crashes come seconds apart and would otherwise be relapses, which
 * {@code LearnedChoiceTest} covers.
 */
class ErrorPatternEngineTest {

    private static final String TEMPLATE = "java.lang.IllegalStateException: order <*> not found";

    @TempDir
    Path home;

    @Test
    void incidentsCarryThePatternOfTheirErrorAndANewPatternIsAnnouncedOnce() {
        ControllableWorker.Pool w = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).probation(Duration.ZERO).worker(WorkerSpec.builder("w").inJvm(w).build()).build());

            crashAndRecover(fx, w, "order 42 not found", 2);
            crashAndRecover(fx, w, "order 977 not found", 3);

            List<RecoveryOutcome> history = fx.store.history(HistoryQuery.latest(10));
            assertThat(history).hasSize(2);
            Optional<String> pattern = history.get(0).pattern();
            assertThat(pattern).isPresent();
            assertThat(history.get(1).pattern()).isEqualTo(pattern);

            fx.settleUntil(() -> fx.sages.tasks().stream().filter(t -> t.stage() == RecoveryTask.Stage.DONE).count() == 2);
            List<PatternInsight> insights = fx.sages.patterns();
            assertThat(insights).singleElement().satisfies(i -> {
                assertThat(i.patternId()).isEqualTo(pattern.get());
                assertThat(i.worker()).contains(WorkerId.of("w"));
                assertThat(i.description()).isEqualTo(TEMPLATE);
                assertThat(i.occurrences()).isEqualTo(1);
                assertThat(i.message()).isEqualTo("new error pattern " + pattern.get() + " on w: " + TEMPLATE);
            });

            fx.settleUntil(() -> fx.store.loadPatterns().stream().anyMatch(p -> p.count() == 2));
            ErrorPattern saved = fx.store.loadPatterns().get(0);
            assertThat(saved.id()).isEqualTo(pattern.get());
            assertThat(saved.template()).isEqualTo(TEMPLATE);
            assertThat(saved.workers()).isEqualTo(Map.of(WorkerId.of("w"), 2L));
        }
    }

    @Test
    void patternIdsSurviveARestartOfTheHost() {
        InMemoryStrategyStore store = new InMemoryStrategyStore();
        String first;
        ControllableWorker.Pool w1 = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture(store)) {
            fx.start(fx.config(home).probation(Duration.ZERO).worker(WorkerSpec.builder("w").inJvm(w1).build()).build());
            crashAndRecover(fx, w1, "order 1 not found", 2);
            fx.settleUntil(() -> !store.loadPatterns().isEmpty());
            first = store.loadPatterns().get(0).id();
        }

        ControllableWorker.Pool w2 = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture(store)) {
            fx.start(fx.config(home).probation(Duration.ZERO).worker(WorkerSpec.builder("w").inJvm(w2).build()).build());
            crashAndRecover(fx, w2, "order 2 not found", 2);

            assertThat(store.history(HistoryQuery.latest(10))).extracting(RecoveryOutcome::pattern)
                    .containsExactly(Optional.of(first), Optional.of(first));
            fx.settleUntil(() -> store.loadPatterns().get(0).count() == 2);
            assertThat(store.loadPatterns()).singleElement().extracting(ErrorPattern::template).isEqualTo(TEMPLATE);
            fx.settleUntil(() -> fx.sages.tasks().stream().anyMatch(t -> t.stage() == RecoveryTask.Stage.DONE));
            assertThat(fx.sages.patterns()).isEmpty(); // known from before the restart: nothing new
        }
    }

    @Test
    void aFailureWithoutErrorLinesHasNoPattern() {
        ControllableWorker.Pool w = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).probation(Duration.ZERO).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
            fx.probe.status("w", io.github.workerrecovery.api.HealthStatus.CRITICAL,
                    io.github.workerrecovery.api.FailureKind.CONNECTION_LOST);
            for (int i = 0; i < 40 && fx.store.history(HistoryQuery.latest(10)).isEmpty(); i++) {
                fx.advance(Duration.ofSeconds(1));
                fx.settleUntil(() -> true);
            }

            assertThat(fx.store.history(HistoryQuery.latest(10)).get(0).pattern()).isEmpty();
            assertThat(fx.store.loadPatterns()).isEmpty();
        }
    }

    private static void crashAndRecover(EngineFixture fx, ControllableWorker.Pool w, String message, int starts) {
        w.crash(message);
        fx.settleUntil(() -> fx.state("w") == WorkerState.RECOVERING || fx.state("w") == WorkerState.DEAD);
        while (w.starts() < starts) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> true);
        }
        fx.settleUntil(() -> fx.state("w") == WorkerState.RECOVERING);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> fx.state("w") == WorkerState.HEALTHY);
    }
}
