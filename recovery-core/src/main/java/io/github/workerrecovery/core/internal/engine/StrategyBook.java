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
 * What the engine has learned: statistics per (failure kind, error pattern, action), one entry
 * per origin of the evidence (this host's own, and each host it was imported from). Decisions use
 * the sum over origins of a key; what is saved is every per-origin entry. Engine thread only.
 */
final class StrategyBook {

    private record EntryId(StrategyKey key, String origin) {
    }

    private final Map<EntryId, StrategyStats> entries = new LinkedHashMap<>();
    /** Bumped on every change, so that the status recomputes the rates only after one. */
    private long version;

    /**
     * Replaces the whole content with these entries (of any origin).
     *
     * @param saved per-origin entries; of two for the same key and origin the later wins
     */
    void loadAll(Collection<StrategyStats> saved) {
        version++;
        entries.clear();
        saved.forEach(s -> entries.put(new EntryId(s.key(), s.origin()), s));
    }

    /**
     * Replaces every entry of another origin with these (the fleet's evidence, read again), and
     * keeps this host's own entries.
     *
     * @param others entries of other origins; local ones among them are ignored
     */
    void replaceOthers(Collection<StrategyStats> others) {
        version++;
        entries.values().removeIf(s -> !s.isLocal());
        others.stream().filter(s -> !s.isLocal()).forEach(s -> entries.put(new EntryId(s.key(), s.origin()), s));
    }

    /** @return every per-origin entry, in the order they were first seen: what gets saved */
    List<StrategyStats> all() {
        return new ArrayList<>(entries.values());
    }

    /** @return a number that changes whenever the content does */
    long version() {
        return version;
    }

    /** @return one entry per key with the evidence of all origins summed, as {@link StrategyStats#LOCAL_ORIGIN} */
    List<StrategyStats> totals() {
        Map<StrategyKey, StrategyStats> sums = new LinkedHashMap<>();
        for (StrategyStats s : entries.values()) {
            sums.merge(s.key(), s.withOrigin(StrategyStats.LOCAL_ORIGIN), StrategyStats::plus);
        }
        return new ArrayList<>(sums.values());
    }

    /**
     * @param key a strategy
     * @return the evidence of all origins for it, summed; empty statistics when there is none
     */
    StrategyStats total(StrategyKey key) {
        StrategyStats sum = StrategyStats.empty(key);
        for (StrategyStats s : entries.values()) {
            if (s.key().equals(key)) {
                sum = sum.plus(s);
            }
        }
        return sum;
    }

    /**
     * The evidence a failure kind gave about an action under every error pattern but one: what a
     * pattern borrows from its kind.
     *
     * @param failure the failure kind
     * @param except the pattern whose own evidence is left out
     * @param action the action
     * @return summed statistics, keyed by {@code (failure, except, action)}
     */
    StrategyStats pooled(FailureKind failure, Optional<String> except, String action) {
        StrategyKey own = new StrategyKey(failure, except, action);
        StrategyStats sum = StrategyStats.empty(own);
        for (StrategyStats s : entries.values()) {
            if (s.failure() == failure && s.action().equals(action) && !s.pattern().equals(except)) {
                sum = sum.plus(new StrategyStats(failure, except, action, s.origin(), s.attempts(), s.successes(),
                        s.totalRecoveryMillis(), s.recentRecoveryMillis()));
            }
        }
        return sum;
    }

    /**
     * Adds one verified attempt to this host's own evidence.
     *
     * @param key the strategy
     * @param success whether it worked
     * @param timeToRecover how long recovery took (ignored for failures)
     * @return the updated local entry
     */
    StrategyStats record(StrategyKey key, boolean success, Duration timeToRecover) {
        EntryId id = new EntryId(key, StrategyStats.LOCAL_ORIGIN);
        StrategyStats updated = entries.getOrDefault(id, StrategyStats.empty(key)).record(success, timeToRecover);
        entries.put(id, updated);
        version++;
        return updated;
    }

    /**
     * Takes one failure back from this host's own evidence: the attempt failed because of a shared
     * outage, which says nothing about the action.
     *
     * @param key the strategy
     * @return whether there was a local failure to take back
     */
    boolean retractFailure(StrategyKey key) {
        EntryId id = new EntryId(key, StrategyStats.LOCAL_ORIGIN);
        StrategyStats s = entries.get(id);
        version++;
        if (s == null || s.failures() == 0) {
            return false;
        }
        if (s.attempts() == 1) {
            entries.remove(id); // no evidence left: the key was only ever seen in the outage
        } else {
            entries.put(id, new StrategyStats(s.failure(), s.pattern(), s.action(), s.origin(), s.attempts() - 1,
                    s.successes(), s.totalRecoveryMillis(), s.recentRecoveryMillis()));
        }
        return true;
    }
}
