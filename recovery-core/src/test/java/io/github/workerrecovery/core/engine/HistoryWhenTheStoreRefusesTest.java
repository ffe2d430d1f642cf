package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History survives a store that refuses to write for a while (found by the chaos soak: with the
 * data directory full for a minute, the recoveries of that minute were missing from the history
 * for good): the records are held, in order, and written once the store accepts them again, by
 * the next record or by the retry when none comes.
 */
class HistoryWhenTheStoreRefusesTest {

    @TempDir
    Path home;
    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool w = new ControllableWorker.Pool();

    @AfterEach
    void close() {
        fx.close();
    }

    /** The in-memory store, with a disk that can be full. */
    private static final class FillableStore implements StrategyStore {
        final InMemoryStrategyStore inner = new InMemoryStrategyStore();
        volatile boolean full;
        int refused;

        @Override
        public String name() {
            return "fillable";
        }

        @Override
        public List<StrategyStats> loadStrategies() {
            return inner.loadStrategies();
        }

        @Override
        public void saveStrategies(Collection<StrategyStats> all) throws IOException {
            if (full) {
                throw new IOException("No space left on device");
            }
            inner.saveStrategies(all);
        }

        @Override
        public synchronized void appendHistory(RecoveryOutcome outcome) throws IOException {
            if (full) {
                refused++;
                throw new IOException("No space left on device");
            }
            inner.appendHistory(outcome);
        }

        @Override
        public List<RecoveryOutcome> history(HistoryQuery query) {
            return inner.history(query);
        }
    }

    @Test
    void recordsRefusedByAFullStoreAreWrittenInOrderOnceItAcceptsThemAgain() {
        FillableStore store = new FillableStore();
        fx.start(fx.config(home).strategyStore(store).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        store.full = true;

        for (int crash = 1; crash <= 2; crash++) {
            int starts = w.starts();
            w.crash();
            fx.settleUntil(() -> fx.state("w") != WorkerState.HEALTHY);
            fx.advance(Duration.ofSeconds(1)); // the second attempt in the window waits the 1 s back-off base
            fx.settleUntil(() -> w.starts() == starts + 1);
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.state("w") == WorkerState.HEALTHY);
            fx.advance(Duration.ofSeconds(61)); // past probation: the next crash is an incident of its own
        }
        assertThat(store.refused).isGreaterThanOrEqualTo(2);
        assertThat(store.inner.historySize()).isZero();

        store.full = false;
        fx.advance(Duration.ofSeconds(5)); // the retry; no new record comes
        fx.settleUntil(() -> store.inner.historySize() == 2);

        List<RecoveryOutcome> history = store.inner.history(HistoryQuery.latest(10));
        assertThat(history).extracting(RecoveryOutcome::action).containsExactly("restart", "restart");
        assertThat(history.get(0).startedAt()).isBefore(history.get(1).startedAt());
        assertThat(history).allMatch(RecoveryOutcome::success);
    }
}
