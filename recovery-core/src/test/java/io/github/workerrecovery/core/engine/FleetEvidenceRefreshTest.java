package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared learning, live: a store that asks to be re-read ({@link StrategyStore#evidenceRefresh()})
 * gives the engine the evidence another host gathered meanwhile, and the engine's next decision
 * uses it, without an import; the engine's own local evidence is kept.
 */
class FleetEvidenceRefreshTest {

    private static final Duration REFRESH = Duration.ofSeconds(30);

    @TempDir
    Path home;

    /** An in-memory store shared with "other hosts": what they learned is added to every read. */
    private static final class SharedStore implements StrategyStore {
        final InMemoryStrategyStore own = new InMemoryStrategyStore();
        final List<StrategyStats> others = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "shared";
        }

        @Override
        public List<StrategyStats> loadStrategies() {
            List<StrategyStats> out = new ArrayList<>(own.loadStrategies().stream().filter(StrategyStats::isLocal).toList());
            out.addAll(others);
            return out;
        }

        @Override
        public void saveStrategies(Collection<StrategyStats> all) {
            own.saveStrategies(all);
        }

        @Override
        public void appendHistory(RecoveryOutcome outcome) {
            own.appendHistory(outcome);
        }

        @Override
        public List<RecoveryOutcome> history(HistoryQuery query) {
            return own.history(query);
        }

        @Override
        public List<ErrorPattern> loadPatterns() {
            return own.loadPatterns();
        }

        @Override
        public Optional<Duration> evidenceRefresh() {
            return Optional.of(REFRESH);
        }
    }

    private static final class Restart implements RecoveryAction {
        private final String name;

        Restart(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean appliesTo(FailureKind failure) {
            return failure == FailureKind.PROCESS_EXITED;
        }

        @Override
        public ActionResult execute(ActionContext context) throws Exception {
            return ActionResult.done(context.control().restart());
        }
    }

    private void incident(EngineFixture fx, ControllableWorker.Pool pool) {
        int before = pool.starts();
        pool.crash();
        fx.settleUntil(() -> pool.starts() == before + 1 || fx.state("w") == WorkerState.DEAD);
        while (pool.starts() == before) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> true);
        }
        fx.settleUntil(() -> fx.state("w") == WorkerState.RECOVERING);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> fx.state("w") == WorkerState.HEALTHY);
    }

    @Test
    void evidenceAnotherHostGatheredMeanwhileChangesTheNextDecisionWithoutAnImport() throws Exception {
        SharedStore store = new SharedStore();
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).strategyStore(store)
                    .probation(Duration.ofSeconds(1))
                    .action(new Restart("first_fix"))
                    .action(new Restart("second_fix"))
                    .worker(WorkerSpec.builder("w").inJvm(pool).actions(List.of("first_fix", "second_fix")).build())
                    .build());
            incident(fx, pool);
            List<RecoveryOutcome> before = store.history(HistoryQuery.latest(10));
            assertThat(before).singleElement().extracting(RecoveryOutcome::action).isEqualTo("first_fix");

            // host-a learned meanwhile that, for this failure and error pattern, first_fix never
            // works and second_fix always does (pattern ids are stable: host-a mined the same one)
            Optional<String> pattern = before.get(0).pattern();
            store.others.add(new StrategyStats(FailureKind.PROCESS_EXITED, pattern, "first_fix", "host-a",
                    100, 0, 0, List.of()));
            store.others.add(new StrategyStats(FailureKind.PROCESS_EXITED, pattern, "second_fix", "host-a",
                    100, 100, 10_000, List.of(100L)));
            assertThat(fx.recovery.strategies()).extracting(StrategyStats::origin).doesNotContain("host-a");
            fx.advance(REFRESH);
            fx.settleUntil(() -> fx.recovery.strategies().stream().anyMatch(s -> s.origin().equals("host-a")));

            incident(fx, pool);
            List<RecoveryOutcome> after = store.history(HistoryQuery.latest(10));
            assertThat(after).hasSize(2);
            assertThat(after.get(1).action()).as("%s; strategies %s", after.get(1).decision(), fx.recovery.strategies())
                    .isEqualTo("second_fix");
            assertThat(after.get(1).decision().orElseThrow().candidates())
                    .filteredOn(c -> c.action().equals("second_fix")).singleElement()
                    .satisfies(c -> assertThat(c.attempts()).isGreaterThanOrEqualTo(100));
            // this host's own evidence is its own: kept through the refresh
            assertThat(fx.recovery.strategies()).filteredOn(StrategyStats::isLocal)
                    .extracting(StrategyStats::action).contains("first_fix");
        }
    }
}
