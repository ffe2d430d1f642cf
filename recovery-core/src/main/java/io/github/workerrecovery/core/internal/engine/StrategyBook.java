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
 * What the engine has learned: statistics per (failure kind, action), one entry per origin of
 * the evidence (this host's own, and each host it imported from); decisions use the sum over
 * origins, recording adds to this host's own. Engine thread only.
 */
final class StrategyBook {

    /** Per (key, origin): imported evidence must not overwrite this host's own for the same key. */
    private final Map<List<Object>, StrategyStats> stats = new LinkedHashMap<>();
    private final int minSamples;

    StrategyBook(int minSamples) {
        this.minSamples = minSamples;
    }

    /** Replaces the whole content with these entries (one per key and origin). */
    void loadAll(Collection<StrategyStats> saved) {
        stats.clear();
        saved.forEach(s -> stats.put(List.of(s.key(), s.origin()), s));
    }

    /** @return the evidence of every origin for this key, summed */
    StrategyStats get(FailureKind failure, String action) {
        StrategyKey key = new StrategyKey(failure, action);
        StrategyStats sum = StrategyStats.empty(key);
        for (StrategyStats s : stats.values()) {
            if (s.key().equals(key)) {
                sum = sum.plus(s);
            }
        }
        return sum;
    }

    StrategyStats record(FailureKind failure, String action, boolean success, Duration timeToRecover) {
        StrategyKey key = new StrategyKey(failure, action);
        List<Object> own = List.of(key, StrategyStats.LOCAL_ORIGIN);
        StrategyStats updated = stats.getOrDefault(own, StrategyStats.empty(key)).record(success, timeToRecover);
        stats.put(own, updated);
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
            if (s.failure() != failure || s.pattern().isPresent() || !costs.containsKey(s.action())) {
                continue;
            }
            StrategyStats summed = get(failure, s.action());
            if (summed.attempts() < minSamples || summed.successes() == 0) {
                continue;
            }
            if (best == null || better(summed, get(failure, best), costs)) {
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
