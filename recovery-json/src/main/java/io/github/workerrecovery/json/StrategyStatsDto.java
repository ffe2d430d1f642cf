package io.github.workerrecovery.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.workerrecovery.api.StrategyStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@link StrategyStats} entry, as both the strategies file and the export file hold it:
 * {@code {"failure", "pattern"?, "action", "origin"?, "attempts", "successes",
 * "total_recovery_millis", "recent_recovery_millis"}}. {@code pattern} is absent for failures
 * without an error pattern and {@code origin} for {@link StrategyStats#LOCAL_ORIGIN}, so files
 * written before either existed read back unchanged.
 *
 * @param failure the failure kind's Java name
 * @param pattern the error pattern's id, or {@code null}
 * @param action the action's name
 * @param origin the host the evidence comes from, or {@code null} for this host's own
 * @param attempts attempts, {@code >= 0}
 * @param successes successes, {@code <= attempts}
 * @param totalRecoveryMillis the sum of the successful recoveries' times
 * @param recentRecoveryMillis the latest recovery times, oldest first; optional when reading
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StrategyStatsDto(String failure, String pattern, String action, String origin, Long attempts,
                               Long successes, Long totalRecoveryMillis, List<Long> recentRecoveryMillis) {

    /** Sorted by failure, pattern, action, then origin (this host's own first), so the files diff well. */
    private static final Comparator<StrategyStats> FILE_ORDER = Comparator
            .comparing((StrategyStats s) -> s.failure().name())
            .thenComparing(s -> s.pattern().orElse(""))
            .thenComparing(StrategyStats::action)
            .thenComparing(s -> !s.isLocal())
            .thenComparing(StrategyStats::origin);

    /**
     * @param stats a statistic
     * @return its entry
     */
    public static StrategyStatsDto of(StrategyStats stats) {
        return new StrategyStatsDto(stats.failure().name(), stats.pattern().orElse(null), stats.action(),
                stats.isLocal() ? null : stats.origin(), stats.attempts(), stats.successes(),
                stats.totalRecoveryMillis(), stats.recentRecoveryMillis());
    }

    /**
     * The entries of a file, in file order.
     *
     * @param all the statistics
     * @return their entries, sorted
     * @throws IllegalArgumentException when two have the same key and origin (the file would not load back)
     */
    public static List<StrategyStatsDto> entries(Collection<StrategyStats> all) {
        List<StrategyStats> sorted = new ArrayList<>(all);
        sorted.sort(FILE_ORDER);
        Set<List<Object>> seen = new HashSet<>();
        List<StrategyStatsDto> entries = new ArrayList<>(sorted.size());
        for (StrategyStats stats : sorted) {
            if (!seen.add(List.of(stats.key(), stats.origin()))) {
                throw new IllegalArgumentException("two statistics for " + stats.key() + " from origin '"
                        + stats.origin() + "' in one save");
            }
            entries.add(of(stats));
        }
        return entries;
    }

    /**
     * The statistics of a file's entries.
     *
     * @param entries the entries, as read; {@code null} when the file had none
     * @return the statistics, in file order
     * @throws IllegalArgumentException {@code strategies[i]: <problem>}, e.g. a missing member or a
     *     second entry for one key and origin
     */
    public static List<StrategyStats> toStats(List<StrategyStatsDto> entries) {
        if (entries == null) {
            throw new IllegalArgumentException("'strategies' must be an array");
        }
        List<StrategyStats> result = new ArrayList<>(entries.size());
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            StrategyStats stats;
            try {
                StrategyStatsDto entry = entries.get(i);
                if (entry == null) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                stats = entry.toStats();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("strategies[" + i + "]: " + e.getMessage(), e);
            }
            if (!seen.add(List.of(stats.key(), stats.origin()))) {
                throw new IllegalArgumentException("strategies[" + i + "]: a second entry for " + stats.key()
                        + " from origin '" + stats.origin() + "'");
            }
            result.add(stats);
        }
        return List.copyOf(result);
    }

    /**
     * @return the statistic
     * @throws IllegalArgumentException naming the member that is missing or invalid
     */
    public StrategyStats toStats() {
        // Optional: it only feeds the percentile, and a hand-edited file may leave it out.
        List<Long> recent = new ArrayList<>();
        if (recentRecoveryMillis != null) {
            for (Long millis : recentRecoveryMillis) {
                if (millis == null || millis < 0) {
                    throw new IllegalArgumentException("'recent_recovery_millis' must be a whole number >= 0 but was " + millis);
                }
                recent.add(millis);
            }
        }
        Optional<String> from = Fields.optionalNonBlank(origin, "origin");
        // StrategyStats rejects successes > attempts and negative counts itself.
        return new StrategyStats(
                Fields.failureKind(failure),
                Fields.optionalNonBlank(pattern, "pattern"),
                Fields.nonBlank(action, "action"),
                from.orElse(StrategyStats.LOCAL_ORIGIN),
                Fields.nonNegative(attempts, "attempts"),
                Fields.nonNegative(successes, "successes"),
                Fields.nonNegative(totalRecoveryMillis, "total_recovery_millis"),
                recent);
    }
}
