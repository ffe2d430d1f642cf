package io.github.workerrecovery.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.api.StrategyStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON form of {@link StrategyStats} entries, shared by the strategies file and the
 * export/import file so both read and write one shape:
 * {@code {"failure", "pattern"?, "action", "origin"?, "attempts", "successes",
 * "total_recovery_millis", "recent_recovery_millis"}}. {@code pattern} is absent for failures
 * without an error pattern and {@code origin} for {@link StrategyStats#LOCAL_ORIGIN}, so files
 * written before either existed read back unchanged.
 */
public final class StrategyStatsJson {

    /** Sorted by failure, pattern, action, then origin (this host's own first), so the files diff well. */
    private static final Comparator<StrategyStats> ORDER = Comparator
            .comparing((StrategyStats s) -> s.failure().name())
            .thenComparing(s -> s.pattern().orElse(""))
            .thenComparing(StrategyStats::action)
            .thenComparing(s -> !s.isLocal())
            .thenComparing(StrategyStats::origin);

    private StrategyStatsJson() {
    }

    /**
     * Appends every statistic to {@code entries}, sorted.
     *
     * @param entries the array to fill
     * @param all the statistics
     * @throws IllegalArgumentException when two have the same key and origin (the file would not load back)
     */
    public static void write(ArrayNode entries, Collection<StrategyStats> all) {
        List<StrategyStats> sorted = new ArrayList<>(all);
        sorted.sort(ORDER);
        Set<List<Object>> seen = new HashSet<>();
        for (StrategyStats stats : sorted) {
            if (!seen.add(List.of(stats.key(), stats.origin()))) {
                throw new IllegalArgumentException("two statistics for " + stats.key() + " from origin '"
                        + stats.origin() + "' in one save");
            }
            ObjectNode entry = entries.addObject();
            entry.put("failure", stats.failure().name());
            stats.pattern().ifPresent(p -> entry.put("pattern", p));
            entry.put("action", stats.action());
            if (!stats.isLocal()) {
                entry.put("origin", stats.origin());
            }
            entry.put("attempts", stats.attempts());
            entry.put("successes", stats.successes());
            entry.put("total_recovery_millis", stats.totalRecoveryMillis());
            ArrayNode recent = entry.putArray("recent_recovery_millis");
            stats.recentRecoveryMillis().forEach(recent::add);
        }
    }

    /**
     * @param entries the array of entries
     * @return the statistics, in file order
     * @throws IllegalArgumentException naming the entry's index and what is wrong with it
     */
    public static List<StrategyStats> read(JsonNode entries) {
        List<StrategyStats> result = new ArrayList<>(entries.size());
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            StrategyStats stats;
            try {
                stats = readOne(entries.get(i));
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

    private static StrategyStats readOne(JsonNode entry) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode recentNode = entry.get("recent_recovery_millis");
        List<Long> recent = new ArrayList<>();
        // Optional: it only feeds the percentile, and a hand-edited file may leave it out.
        if (recentNode != null && !recentNode.isNull()) {
            if (!recentNode.isArray()) {
                throw new IllegalArgumentException("'recent_recovery_millis' must be an array");
            }
            for (JsonNode value : recentNode) {
                recent.add(VersionedJson.nonNegativeLong(value, "recent_recovery_millis"));
            }
        }
        Optional<String> origin = VersionedJson.optionalText(entry, "origin");
        // StrategyStats rejects successes > attempts and negative counts itself.
        return new StrategyStats(
                VersionedJson.failureKind(entry),
                VersionedJson.optionalText(entry, "pattern"),
                VersionedJson.nonBlankText(entry, "action"),
                origin.orElse(StrategyStats.LOCAL_ORIGIN),
                VersionedJson.nonNegativeLong(VersionedJson.field(entry, "attempts"), "attempts"),
                VersionedJson.nonNegativeLong(VersionedJson.field(entry, "successes"), "successes"),
                VersionedJson.nonNegativeLong(VersionedJson.field(entry, "total_recovery_millis"), "total_recovery_millis"),
                recent);
    }
}
