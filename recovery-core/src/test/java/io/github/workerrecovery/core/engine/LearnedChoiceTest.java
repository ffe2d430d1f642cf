package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learned choice in the engine, under a manual clock with a fixed seed: two causes of the same
 * failure kind (told apart by their error pattern) need different fixes, and the engine learns
 * which; probation turns a relapse into a failure; what was learned survives a restart.
 */
class LearnedChoiceTest {

    private static final Duration PROBATION = Duration.ofSeconds(10);
    private static final String DISK = "disk full on volume ";
    private static final String CACHE = "cache corrupt at key ";

    @TempDir
    Path home;

    /** The first action each incident tried, and with which error: {@code "disk:flush_cache"}. */
    private final List<String> firstTries = new CopyOnWriteArrayList<>();

    /**
     * A fix for one cause of a crash: it restarts the worker when the crash's error names its
     * cause, and refuses (a failed attempt) otherwise.
     */
    private final class Fix implements RecoveryAction {
        private final String name;
        private final String cures;

        Fix(String name, String cures) {
            this.name = name;
            this.cures = cures;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int cost() {
            return 20;
        }

        @Override
        public boolean appliesTo(FailureKind failure) {
            return failure == FailureKind.PROCESS_EXITED;
        }

        @Override
        public ActionResult execute(ActionContext context) throws Exception {
            String errors = String.join("\n", context.trigger().map(t -> t.errors()).orElse(List.of()));
            if (context.attempt() == 1) {
                firstTries.add((errors.contains(DISK) ? "disk" : "cache") + ":" + name);
            }
            if (!errors.contains(cures)) {
                return ActionResult.refused(name + " does not help here");
            }
            return ActionResult.done(context.control().restart());
        }
    }

    private RecoveryConfigBuilder config(EngineFixture fx, ControllableWorker.Pool pool, boolean critical) {
        return config(fx, pool, critical, List.of("flush_cache", "free_disk"));
    }

    private RecoveryConfigBuilder config(EngineFixture fx, ControllableWorker.Pool pool, boolean critical,
                                          List<String> actions) {
        return fx.config(home)
                .probation(PROBATION)
                .maxRestartAttempts(100)
                .restartWindow(Duration.ofSeconds(1))
                .action(new Fix("flush_cache", CACHE))
                .action(new Fix("free_disk", DISK))
                .worker(WorkerSpec.builder("w").inJvm(pool).critical(critical)
                        .actions(actions).build());
    }

    /** One incident from crash to a verified recovery; probation is left running. */
    private void crash(EngineFixture fx, ControllableWorker.Pool pool, String message) {
        int before = pool.starts();
        pool.crash(message);
        fx.settleUntil(() -> pool.starts() == before + 1 || fx.state("w") == WorkerState.DEAD);
        while (pool.starts() == before) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> true);
        }
        fx.settleUntil(() -> fx.state("w") == WorkerState.RECOVERING);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> fx.state("w") == WorkerState.HEALTHY);
    }

    /** One incident and its probation window passing. */
    private void incident(EngineFixture fx, ControllableWorker.Pool pool, String message) {
        crash(fx, pool, message);
        fx.advance(PROBATION);
        fx.settleUntil(() -> true);
    }

    private static Map<String, Integer> count(List<String> tries) {
        Map<String, Integer> counts = new TreeMap<>();
        tries.forEach(t -> counts.merge(t, 1, Integer::sum));
        return counts;
    }

    private static StrategyStats stats(List<StrategyStats> all, String action, Optional<String> pattern) {
        return all.stream().filter(s -> s.action().equals(action) && s.pattern().equals(pattern)).findFirst()
                .orElse(StrategyStats.empty(new io.github.workerrecovery.api.StrategyKey(FailureKind.PROCESS_EXITED,
                        pattern, action)));
    }

    @Test
    void eachPatternOfAFailureKindLearnsItsOwnFix() {
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(config(fx, pool, false).build());
            for (int i = 0; i < 12; i++) {
                incident(fx, pool, DISK + i);
                incident(fx, pool, CACHE + i);
            }

            // the worker's list makes flush_cache the first rung, so the disk pattern must learn away from it
            assertThat(firstTries).hasSize(24);
            assertThat(firstTries.subList(0, 12)).containsExactly(
                    "disk:flush_cache", "cache:flush_cache", "disk:free_disk", "cache:free_disk",
                    "disk:flush_cache", "cache:flush_cache", "disk:free_disk", "cache:flush_cache",
                    "disk:flush_cache", "cache:flush_cache", "disk:free_disk", "cache:free_disk");
            assertThat(firstTries.subList(12, 24)).containsExactly(
                    "disk:free_disk", "cache:flush_cache", "disk:free_disk", "cache:flush_cache",
                    "disk:free_disk", "cache:flush_cache", "disk:free_disk", "cache:flush_cache",
                    "disk:free_disk", "cache:flush_cache", "disk:free_disk", "cache:flush_cache");
            assertThat(count(firstTries)).isEqualTo(Map.of(
                    "disk:free_disk", 9, "disk:flush_cache", 3, "cache:flush_cache", 10, "cache:free_disk", 2));

            List<RecoveryOutcome> history = fx.store.history(HistoryQuery.latest(100));
            assertThat(history).allSatisfy(o -> {
                assertThat(o.decision()).isPresent();
                assertThat(o.decision().get().chosen()).isEqualTo(o.action());
                assertThat(o.decision().get().policy()).isEqualTo(RecoveryDecision.Policy.LEARNED);
            });
            Optional<String> disk = history.stream().filter(o -> o.action().equals("free_disk") && o.success())
                    .map(RecoveryOutcome::pattern).findFirst().orElseThrow();
            Optional<String> cache = history.stream().filter(o -> o.action().equals("flush_cache") && o.success())
                    .map(RecoveryOutcome::pattern).findFirst().orElseThrow();
            assertThat(disk).isPresent().isNotEqualTo(cache);
            List<StrategyStats> learned = fx.recovery.strategies();
            assertThat(stats(learned, "free_disk", disk).successes()).isEqualTo(12);
            assertThat(stats(learned, "flush_cache", cache).successes()).isEqualTo(12);
            assertThat(stats(learned, "flush_cache", disk).successes()).isZero();
            assertThat(stats(learned, "free_disk", cache).successes()).isZero();
            // 24 incidents, two changes of preference: one knowledge event each, none for the other updates
            fx.settleUntil(() -> fx.sages.knowledge().size() >= 2);
            assertThat(fx.sages.knowledge())
                    .extracting(KnowledgeUpdate::pattern, KnowledgeUpdate::previousBest, KnowledgeUpdate::newBest)
                    .containsExactly(tuple(disk, Optional.of("flush_cache"), "free_disk"),
                            tuple(cache, Optional.of("free_disk"), "flush_cache"));
            assertThat(fx.sages.knowledge().get(0).message()).isEqualTo("preferred action for PROCESS_EXITED ["
                    + disk.get() + "] is now free_disk instead of flush_cache (not tried yet; flush_cache failed)");
        }
    }

    @Test
    void aRelapseWithinProbationIsAFailureOfTheActionAndChangesTheNextChoice() {
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(config(fx, pool, false).build());
            incident(fx, pool, CACHE + 1); // flush_cache works: a success once its probation passed

            crash(fx, pool, CACHE + 2);    // flush_cache again, verified ...
            fx.advance(Duration.ofSeconds(3));
            crash(fx, pool, CACHE + 3);    // ... but the worker dies 3 s later: a relapse

            List<RecoveryOutcome> history = fx.store.history(HistoryQuery.latest(10));
            assertThat(history).extracting(RecoveryOutcome::action, RecoveryOutcome::success, RecoveryOutcome::relapse)
                    .containsExactly(tuple("flush_cache", true, false), tuple("flush_cache", true, false),
                            tuple("flush_cache", false, true), tuple("free_disk", false, false),
                            tuple("flush_cache", true, false));
            RecoveryOutcome relapse = history.get(2);
            assertThat(relapse.detail()).startsWith("relapse: failed again 3 s after recovery by flush_cache (probation 10 s): ");
            assertThat(relapse.decision()).isEqualTo(history.get(1).decision());
            Optional<String> cache = relapse.pattern();
            // the relapse is counted before the next choice: it saw flush_cache at 1 of 2
            RecoveryDecision next = history.get(3).decision().orElseThrow();
            assertThat(next.candidates()).filteredOn(c -> c.action().equals("flush_cache")).singleElement()
                    .satisfies(c -> {
                        assertThat(c.attempts()).isEqualTo(2);
                        assertThat(c.successes()).isEqualTo(1);
                    });
            assertThat(next.chosen()).isEqualTo("free_disk");
            // 5/7 each (flush_cache Beta(4 + 1, 1 + 1), free_disk its prior Beta(2.5, 1)): the tie goes to the earlier rung
            assertThat(next.explored()).isTrue();
            assertThat(stats(fx.recovery.strategies(), "flush_cache", cache).attempts()).isEqualTo(2);
            assertThat(stats(fx.recovery.strategies(), "free_disk", cache).attempts()).isEqualTo(1);
        }
    }

    @Test
    void aRecoveryCountsAsASuccessOnlyOnceItsProbationPassed() {
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(config(fx, pool, false).build());
            crash(fx, pool, CACHE + 1);
            assertThat(fx.store.history(HistoryQuery.latest(10))).singleElement()
                    .satisfies(o -> assertThat(o.success()).isTrue());

            fx.advance(PROBATION.minusSeconds(1));
            fx.settleUntil(() -> true);
            assertThat(fx.recovery.strategies()).isEmpty();
            assertThat(fx.store.loadStrategies()).isEmpty();

            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> !fx.store.loadStrategies().isEmpty());
            assertThat(fx.store.loadStrategies()).singleElement().satisfies(s -> {
                assertThat(s.action()).isEqualTo("flush_cache");
                assertThat(s.attempts()).isEqualTo(1);
                assertThat(s.successes()).isEqualTo(1);
                assertThat(s.pattern()).isPresent();
            });
            assertThat(fx.store.history(HistoryQuery.latest(10))).hasSize(1);
        }
    }

    @Test
    void aRecoveryStillOnProbationWhenTheEngineClosesIsNotCounted() {
        InMemoryStrategyStore store = new InMemoryStrategyStore();
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture(store)) {
            fx.start(config(fx, pool, false).build());
            crash(fx, pool, CACHE + 1);
            fx.advance(Duration.ofSeconds(5));
            fx.settleUntil(() -> true);
        }

        assertThat(store.loadStrategies()).isEmpty();
        assertThat(store.history(HistoryQuery.latest(10))).singleElement()
                .satisfies(o -> assertThat(o.success()).isTrue());
    }

    @Test
    void whatWasLearnedPerPatternSurvivesARestartAndDrivesTheNextChoice() {
        InMemoryStrategyStore store = new InMemoryStrategyStore();
        ControllableWorker.Pool first = new ControllableWorker.Pool();
        List<StrategyStats> before;
        try (EngineFixture fx = new EngineFixture(store)) {
            fx.start(config(fx, first, false).build());
            for (int i = 0; i < 4; i++) {
                incident(fx, first, DISK + i);
            }
            fx.settleUntil(() -> store.loadStrategies().stream().mapToLong(StrategyStats::attempts).sum() >= 5);
            before = store.loadStrategies();
        }
        int earlier = store.historySize();

        ControllableWorker.Pool second = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture(store)) {
            fx.start(config(fx, second, false).build());
            assertThat(fx.recovery.strategies()).containsExactlyInAnyOrderElementsOf(before);
            incident(fx, second, DISK + 99);

            RecoveryOutcome o = store.history(HistoryQuery.latest(100)).get(earlier);
            assertThat(o.pattern()).isEqualTo(before.get(0).pattern()); // the same pattern id after the restart
            // the first choice after the restart weighs the evidence from before it
            RecoveryDecision d = o.decision().orElseThrow();
            assertThat(d.candidates()).extracting(RecoveryDecision.Candidate::action, RecoveryDecision.Candidate::attempts,
                            RecoveryDecision.Candidate::successes)
                    .containsExactly(tuple("free_disk", 4L, 4L), tuple("flush_cache", stats(before, "flush_cache",
                            o.pattern()).attempts(), 0L));
        }
    }

    @Test
    void aCriticalWorkerNeverLeavesAFixKnownToWorkForAnUntriedOne() {
        // free_disk, first on the list, works at once; flush_cache (never tried) keeps a fair prior
        List<String> order = List.of("free_disk", "flush_cache");
        for (boolean critical : List.of(false, true)) {
            ControllableWorker.Pool pool = new ControllableWorker.Pool();
            try (EngineFixture fx = new EngineFixture()) {
                fx.start(config(fx, pool, critical, order).build());
                for (int i = 0; i < 10; i++) {
                    incident(fx, pool, DISK + i);
                }
            }
        }

        List<String> ordinary = firstTries.subList(0, 10);
        List<String> critical = firstTries.subList(10, 20);
        assertThat(ordinary).filteredOn("disk:flush_cache"::equals).hasSize(1); // one exploration, with this seed
        assertThat(critical).containsOnly("disk:free_disk").hasSize(10);
    }

    @Test
    void ladderSelectionClimbsTheLadderWhateverWasLearned() {
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(config(fx, pool, false).strategySelection(RecoveryConfig.StrategySelection.LADDER).build());
            for (int i = 0; i < 6; i++) {
                incident(fx, pool, DISK + i);
            }

            // flush_cache never helps with a full disk, but it is the first rung every time
            assertThat(firstTries).containsOnly("disk:flush_cache").hasSize(6);
            assertThat(fx.store.history(HistoryQuery.latest(20))).extracting(o -> o.decision().orElseThrow().policy())
                    .containsOnly(RecoveryDecision.Policy.LADDER);
            List<StrategyStats> learned = fx.recovery.strategies();
            Optional<String> disk = learned.get(0).pattern();
            assertThat(stats(learned, "flush_cache", disk).attempts()).isEqualTo(6); // still recorded
            assertThat(stats(learned, "free_disk", disk).successes()).isEqualTo(6);
        }
    }
}
