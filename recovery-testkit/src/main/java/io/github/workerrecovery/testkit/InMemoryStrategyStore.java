package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link StrategyStore} (name {@code memory}) that keeps statistics, error patterns and history
 * in memory, for tests of the engine and of code that reads a store. It follows the same contract
 * as the file store: saves replace all statistics (or patterns), loads return statistics sorted by
 * failure name then action and patterns sorted by id,
 * history queries return the newest matching records oldest first, and only the newest
 * {@code historyRetention} records are kept (exactly, with no slack).
 *
 * <p>Thread-safe. Nothing survives the object; a test builds it and gives it to the config
 * builder ({@code strategyStore(...)}).
 */
public final class InMemoryStrategyStore implements StrategyStore {

    /** The history retention of {@link #InMemoryStrategyStore()}. */
    public static final int DEFAULT_HISTORY_RETENTION = 10_000;

    private static final Comparator<StrategyStats> ORDER = Comparator
            .comparing((StrategyStats s) -> s.failure().name())
            .thenComparing(s -> s.pattern().orElse(""))
            .thenComparing(StrategyStats::action)
            .thenComparing(s -> !s.isLocal())
            .thenComparing(StrategyStats::origin);

    private final int historyRetention;
    private List<StrategyStats> strategies = List.of();
    private List<ErrorPattern> patterns = List.of();
    private LearningMemory memory = LearningMemory.EMPTY;
    private final Deque<RecoveryOutcome> history = new ArrayDeque<>();

    /** A store that keeps the newest {@value #DEFAULT_HISTORY_RETENTION} history records. */
    public InMemoryStrategyStore() {
        this(DEFAULT_HISTORY_RETENTION);
    }

    /**
     * @param historyRetention how many history records to keep, {@code >= 1}
     * @throws IllegalArgumentException when {@code historyRetention < 1}
     */
    public InMemoryStrategyStore(int historyRetention) {
        if (historyRetention < 1) {
            throw new IllegalArgumentException("history retention must be >= 1 but was " + historyRetention);
        }
        this.historyRetention = historyRetention;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public synchronized List<StrategyStats> loadStrategies() {
        return strategies;
    }

    /**
     * @throws IllegalArgumentException when two statistics have the same key and origin
     */
    @Override
    public synchronized void saveStrategies(Collection<StrategyStats> all) {
        List<StrategyStats> sorted = new ArrayList<>(all);
        sorted.sort(ORDER);
        Set<List<Object>> seen = new HashSet<>();
        for (StrategyStats stats : sorted) {
            if (!seen.add(List.of(stats.key(), stats.origin()))) {
                throw new IllegalArgumentException("two statistics for " + stats.key() + " from origin '"
                        + stats.origin() + "' in one save");
            }
        }
        strategies = List.copyOf(sorted);
    }

    /**
     * Keeps the statistics and the memory together, like the JSON store's one file.
     *
     * @throws IllegalArgumentException when two statistics have the same key and origin
     */
    @Override
    public synchronized void saveStrategies(Collection<StrategyStats> all, LearningMemory learned) {
        saveStrategies(all);
        memory = learned;
    }

    @Override
    public synchronized LearningMemory loadLearningMemory() {
        return memory;
    }

    @Override
    public synchronized List<ErrorPattern> loadPatterns() {
        return patterns;
    }

    /**
     * @throws IllegalArgumentException when two patterns have the same id
     */
    @Override
    public synchronized void savePatterns(Collection<ErrorPattern> all) {
        List<ErrorPattern> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(ErrorPattern::id));
        Set<String> seen = new HashSet<>();
        for (ErrorPattern p : sorted) {
            if (!seen.add(p.id())) {
                throw new IllegalArgumentException("two error patterns with id " + p.id() + " in one save");
            }
        }
        patterns = List.copyOf(sorted);
    }

    @Override
    public synchronized void appendHistory(RecoveryOutcome outcome) {
        history.addLast(Objects.requireNonNull(outcome, "outcome"));
        while (history.size() > historyRetention) {
            history.removeFirst();
        }
    }

    @Override
    public synchronized List<RecoveryOutcome> history(HistoryQuery query) {
        Deque<RecoveryOutcome> newest = new ArrayDeque<>();
        for (RecoveryOutcome outcome : history) {
            if (query.matches(outcome)) {
                newest.addLast(outcome);
                if (newest.size() > query.limit()) {
                    newest.removeFirst();
                }
            }
        }
        return List.copyOf(newest);
    }

    /** @return the number of history records held */
    public synchronized int historySize() {
        return history.size();
    }
}
