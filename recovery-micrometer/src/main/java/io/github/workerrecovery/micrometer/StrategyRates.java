package io.github.workerrecovery.micrometer;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The learned success rate per failure kind and action, summed over error patterns and origins
 * (the evidence the planner decides by), from the engine's learned statistics. The sums are made
 * once per published list (the engine replaces it on each change). Thread-safe.
 */
final class StrategyRates {

    /** A failure kind and an action: the tags of one rate gauge. */
    record Key(FailureKind failure, String action) {
    }

    private final Supplier<List<StrategyStats>> learned;
    private volatile Summed summed;

    StrategyRates(Supplier<List<StrategyStats>> learned) {
        this.learned = learned;
    }

    /**
     * @param key a failure kind and action
     * @return successes over attempts, NaN while nothing has been learned for it (a success counts
     *     only once its probation has passed)
     */
    double rate(Key key) {
        long[] c = current().get(key);
        return c == null || c[0] == 0 ? Double.NaN : (double) c[1] / c[0];
    }

    /** @return every failure kind and action with at least one attempt */
    Set<Key> learnedKeys() {
        return current().keySet();
    }

    private Map<Key, long[]> current() {
        List<StrategyStats> now = learned.get();
        Summed s = summed;
        if (s == null || s.of != now) {
            s = new Summed(now, sum(now));
            summed = s;
        }
        return s.byKey;
    }

    private static Map<Key, long[]> sum(List<StrategyStats> stats) {
        Map<Key, long[]> byKey = new HashMap<>();
        for (StrategyStats s : stats) {
            if (s.attempts() > 0) {
                long[] c = byKey.computeIfAbsent(new Key(s.failure(), s.action()), k -> new long[2]);
                c[0] += s.attempts();
                c[1] += s.successes();
            }
        }
        return Map.copyOf(byKey);
    }

    /** The sums of one published list, kept with it so that a newer list is noticed by identity. */
    private record Summed(List<StrategyStats> of, Map<Key, long[]> byKey) {
    }
}
