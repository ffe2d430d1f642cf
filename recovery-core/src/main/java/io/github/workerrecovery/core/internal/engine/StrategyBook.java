package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine has learned: statistics per (failure kind, action). Engine thread only.
 */
final class StrategyBook {

    private final Map<StrategyKey, StrategyStats> stats = new LinkedHashMap<>();
    private final int minSamples;

    StrategyBook(int minSamples) {
        this.minSamples = minSamples;
    }

    void loadAll(Collection<StrategyStats> saved) {
        saved.forEach(s -> stats.put(s.key(), s));
    }

    StrategyStats get(FailureKind failure, String action) {
        return stats.getOrDefault(new StrategyKey(failure, action), StrategyStats.empty(new StrategyKey(failure, action)));
    }

    StrategyStats record(FailureKind failure, String action, boolean success, Duration timeToRecover) {
        StrategyStats updated = get(failure, action).record(success, timeToRecover);
        stats.put(updated.key(), updated);
        return updated;
    }

    /** @return whether the action has enough verified attempts for its odds to be trusted */
    boolean learned(FailureKind failure, String action) {
        return get(failure, action).attempts() >= minSamples;
    }

    /**
     * The best learned action for a failure among those with enough samples: the highest
     * success rate; within 5 points, the cheaper (by the given costs), then the faster.
     */
    Optional<String> best(FailureKind failure, Map<String, Integer> costs) {
        String best = null;
        for (StrategyStats s : stats.values()) {
            // an action that never worked is no knowledge worth acting on or announcing
            if (s.failure() != failure || s.attempts() < minSamples || s.successes() == 0 || !costs.containsKey(s.action())) {
                continue;
            }
            if (best == null || better(s, get(failure, best), costs)) {
                best = s.action();
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean better(StrategyStats a, StrategyStats b, Map<String, Integer> costs) {
        double diff = a.successRate() - b.successRate();
        if (Math.abs(diff) > 0.05) {
            return diff > 0;
        }
        int ca = costs.getOrDefault(a.action(), 50);
        int cb = costs.getOrDefault(b.action(), 50);
        if (ca != cb) {
            return ca < cb;
        }
        return a.meanTimeToRecover().compareTo(b.meanTimeToRecover()) < 0;
    }

    List<StrategyStats> all() {
        return new ArrayList<>(stats.values());
    }
}
