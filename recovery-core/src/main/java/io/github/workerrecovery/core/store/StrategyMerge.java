package io.github.workerrecovery.core.store;

import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Merges imported strategy statistics into a host's own, counting every attempt once however
 * often the same evidence arrives. Pure: no I/O, no state; used by the offline import of the
 * CLI and by the engine's import alike.
 *
 * <p>The rules, per incoming entry:
 * <ol>
 *   <li>an entry whose origin is this host's id is skipped: it is this host's own evidence,
 *       already counted under {@link StrategyStats#LOCAL_ORIGIN}, coming back (A → B → A);
 *   <li>otherwise, for its (origin, key), the entry with more attempts wins: an origin's counts
 *       only grow, so the bigger one is the newer. On equal attempts the current one stays, so
 *       importing the same file twice changes nothing.
 * </ol>
 * Local entries are never changed by an import, and nothing is ever removed.
 */
public final class StrategyMerge {

    private StrategyMerge() {
    }

    /**
     * What an import did, entry by entry.
     *
     * @param added entries for an (origin, key) that was not known yet
     * @param updated entries that replaced an older (fewer attempts) one of the same origin and key
     * @param unchanged entries that were not newer than what was already there
     * @param skippedOwn entries carrying this host's own id
     */
    public record Report(int added, int updated, int unchanged, int skippedOwn) {

        /** @return whether the import changed anything */
        public boolean changed() {
            return added + updated > 0;
        }

        /** @return e.g. {@code 2 added, 1 updated, 0 unchanged, 3 skipped as this host's own} */
        @Override
        public String toString() {
            return added + " added, " + updated + " updated, " + unchanged + " unchanged, " + skippedOwn
                    + " skipped as this host's own";
        }
    }

    /**
     * The merged statistics and what the merge did.
     *
     * @param entries every entry after the merge: the current ones (some replaced in place), then
     *     the added ones in incoming order
     * @param report the counts
     */
    public record Result(List<StrategyStats> entries, Report report) {

        /** Copies the entries. */
        public Result {
            entries = List.copyOf(entries);
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * @param current the host's statistics: its own ({@code local}) and those imported before
     * @param incoming the statistics to import, each naming the host it comes from
     * @param selfHostId this host's id (see {@link HostIdentity})
     * @return the merged statistics and the report
     * @throws IllegalArgumentException when an incoming entry is {@code local} (it names no host)
     *     or two incoming entries have the same origin and key
     */
    public static Result merge(Collection<StrategyStats> current, Collection<StrategyStats> incoming,
                               String selfHostId) {
        Objects.requireNonNull(selfHostId, "selfHostId");
        Map<List<Object>, StrategyStats> merged = new LinkedHashMap<>();
        for (StrategyStats stats : current) {
            merged.put(id(stats), stats);
        }
        Set<List<Object>> seen = new HashSet<>();
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        int skippedOwn = 0;
        for (StrategyStats stats : incoming) {
            if (stats.isLocal()) {
                throw new IllegalArgumentException("an imported entry must name the host it comes from, but "
                        + stats.key() + " is '" + StrategyStats.LOCAL_ORIGIN + "'");
            }
            if (!seen.add(id(stats))) {
                throw new IllegalArgumentException("two imported entries for " + stats.key() + " from origin '"
                        + stats.origin() + "'");
            }
            if (stats.origin().equals(selfHostId)) {
                skippedOwn++;
                continue;
            }
            StrategyStats known = merged.get(id(stats));
            if (known == null) {
                added++;
                merged.put(id(stats), stats);
            } else if (stats.attempts() > known.attempts()) {
                updated++;
                merged.put(id(stats), stats);
            } else {
                unchanged++;
            }
        }
        return new Result(new ArrayList<>(merged.values()), new Report(added, updated, unchanged, skippedOwn));
    }

    /** The identity of an entry: one per key and origin. */
    private static List<Object> id(StrategyStats stats) {
        StrategyKey key = stats.key();
        return List.of(key, stats.origin());
    }
}
