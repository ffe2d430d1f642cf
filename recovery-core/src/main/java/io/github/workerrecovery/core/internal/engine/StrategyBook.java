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
 * per origin of the evidence (this host's own, and each host it was imported from). What is saved
 * and shown is every per-origin entry, counts that only grow.
 *
 * <p>Decisions use the <em>current</em> evidence ({@link #current}): the sum over origins, less
 * what came before a change the {@link ChangeDetector} saw in this host's own outcomes of the key.
 * Once a change was seen for a key, the other hosts' evidence for it no longer counts either: it
 * was gathered before the change. Engine thread only.
 */
final class StrategyBook {

    private record EntryId(StrategyKey key, String origin) {
    }

    /**
     * Where a key's current segment of local evidence starts, and its latest outcomes.
     *
     * @param fromAttempts local attempts before the segment
     * @param fromSuccesses local successes before the segment
     * @param bits the latest outcomes of the segment, bit 0 the most recent, 1 for a success
     * @param count how many bits hold outcomes
     * @param changed whether a change was ever detected for the key
     */
    record Segment(long fromAttempts, long fromSuccesses, long bits, int count, boolean changed) {
        static final Segment NONE = new Segment(0, 0, 0, 0, false);
    }

    private final Map<EntryId, StrategyStats> entries = new LinkedHashMap<>();
    private final Map<StrategyKey, Segment> segments = new LinkedHashMap<>();
    private long changesDetected;
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
        // a segment beyond the counts (the statistics replaced by an import) would subtract too much
        segments.replaceAll((key, seg) -> fit(seg, local(key)));
    }

    /**
     * Restores the segments saved with the statistics; one that does not fit its key's local
     * counts (a file edited by hand) is cut to fit.
     *
     * @param saved segments by key
     */
    void loadSegments(Map<StrategyKey, Segment> saved) {
        version++;
        segments.clear();
        saved.forEach((key, seg) -> segments.put(key, fit(seg, local(key))));
    }

    /** @return every key's segment that differs from the whole evidence or holds outcomes: what gets saved */
    Map<StrategyKey, Segment> segments() {
        return new LinkedHashMap<>(segments);
    }

    /** @return how many changes the detector has seen since the book was made */
    long changesDetected() {
        return changesDetected;
    }

    private static Segment fit(Segment seg, StrategyStats local) {
        long fromAttempts = Math.min(Math.max(0, seg.fromAttempts()), local.attempts());
        long fromSuccesses = Math.min(Math.max(0, seg.fromSuccesses()), Math.min(local.successes(), fromAttempts));
        fromSuccesses = Math.max(fromSuccesses, fromAttempts - local.failures()); // failures before <= failures
        int count = (int) Math.min(Math.max(0, seg.count()), Math.min(ChangeDetector.WINDOW, local.attempts() - fromAttempts));
        long bits = seg.bits() & ChangeDetector.mask(count);
        return new Segment(fromAttempts, fromSuccesses, bits, count, seg.changed());
    }

    private StrategyStats local(StrategyKey key) {
        return entries.getOrDefault(new EntryId(key, StrategyStats.LOCAL_ORIGIN), StrategyStats.empty(key));
    }

    /**
     * The evidence decisions use: {@link #total} less what came before a detected change.
     *
     * @param key a strategy
     * @return the current evidence, keyed and originated as {@link #total}
     */
    StrategyStats current(StrategyKey key) {
        StrategyStats sum = StrategyStats.empty(key);
        for (StrategyStats s : entries.values()) {
            if (s.key().equals(key)) {
                sum = plusCounts(sum, decisive(s));
            }
        }
        return sum;
    }

    /** One entry's part of the current evidence. */
    private StrategyStats decisive(StrategyStats s) {
        Segment seg = segments.getOrDefault(s.key(), Segment.NONE);
        if (!s.isLocal()) {
            return seg.changed() ? StrategyStats.empty(s.key()) : s;
        }
        if (seg.fromAttempts() == 0) {
            return s;
        }
        return new StrategyStats(s.failure(), s.pattern(), s.action(), s.origin(), s.attempts() - seg.fromAttempts(),
                s.successes() - seg.fromSuccesses(), s.totalRecoveryMillis(), s.recentRecoveryMillis());
    }

    private static StrategyStats plusCounts(StrategyStats sum, StrategyStats s) {
        return new StrategyStats(sum.failure(), sum.pattern(), sum.action(), sum.origin(), sum.attempts() + s.attempts(),
                sum.successes() + s.successes(), sum.totalRecoveryMillis() + s.totalRecoveryMillis(),
                sum.recentRecoveryMillis());
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
                StrategyStats d = decisive(s);
                sum = plusCounts(sum, new StrategyStats(failure, except, action, s.origin(), d.attempts(), d.successes(),
                        0, List.of()));
            }
        }
        return sum;
    }

    /**
     * Adds one verified attempt to this host's own evidence, and asks the {@link ChangeDetector}
     * whether the key's outcomes changed: if so, its current segment starts at the change.
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
        Segment seg = segments.getOrDefault(key, Segment.NONE);
        long bits = (seg.bits() << 1) | (success ? 1 : 0);
        int count = Math.min(seg.count() + 1, ChangeDetector.WINDOW);
        bits &= ChangeDetector.mask(count);
        long olderAttempts = Math.max(0, updated.attempts() - seg.fromAttempts() - count);
        long olderSuccesses = Math.min(olderAttempts,
                Math.max(0, updated.successes() - seg.fromSuccesses() - Long.bitCount(bits)));
        int k = ChangeDetector.changePoint(olderAttempts, olderSuccesses, bits, count);
        if (k > 0) {
            changesDetected++;
            long after = bits & ChangeDetector.mask(k);
            seg = new Segment(updated.attempts() - k, updated.successes() - Long.bitCount(after), after, k, true);
        } else {
            seg = new Segment(seg.fromAttempts(), seg.fromSuccesses(), bits, count, seg.changed());
        }
        segments.put(key, seg);
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
            segments.remove(key);
        } else {
            StrategyStats less = new StrategyStats(s.failure(), s.pattern(), s.action(), s.origin(), s.attempts() - 1,
                    s.successes(), s.totalRecoveryMillis(), s.recentRecoveryMillis());
            entries.put(id, less);
            Segment seg = segments.get(key);
            if (seg != null) {
                segments.put(key, fit(withoutLatestFailure(seg), less));
            }
        }
        return true;
    }

    /**
     * The window without its most recent failure (the one taken back), the older outcomes moved
     * down one place; a segment whose failures are all older than the window loses one of those.
     */
    private static Segment withoutLatestFailure(Segment seg) {
        long failures = ~seg.bits() & ChangeDetector.mask(seg.count());
        if (failures == 0) {
            return seg;
        }
        int at = Long.numberOfTrailingZeros(failures);
        long below = seg.bits() & ChangeDetector.mask(at);
        long above = (seg.bits() >>> (at + 1)) << at;
        return new Segment(seg.fromAttempts(), seg.fromSuccesses(), above | below, seg.count() - 1, seg.changed());
    }
}
