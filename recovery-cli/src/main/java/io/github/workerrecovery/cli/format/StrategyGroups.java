package io.github.workerrecovery.cli.format;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.store.PreferredActions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the {@code strategies} command shows: the learned statistics grouped per (failure kind,
 * error pattern), one row per action with the evidence of every origin added up, and the
 * preferred action of each group marked.
 *
 * <p><b>Preferred</b>: the action the engine's planner prefers when it does not explore
 * ({@link PreferredActions}: posterior means with the default ladder's prior and the evidence
 * since any detected change, the cheapest within 0.05 of the best, costs as the engine saved
 * them), marked when it worked at least once. Rows are ordered by success rate (on equal rates,
 * the shorter mean time to recover, then more attempts, then the name), the preferred one first.
 */
public final class StrategyGroups {

    private static final Comparator<Row> PREFERENCE = Comparator
            .comparing((Row r) -> r.successes() == 0)
            .thenComparing(Comparator.comparingDouble(Row::successRate).reversed())
            .thenComparing(r -> r.successes() == 0 ? Duration.ofMillis(Long.MAX_VALUE) : r.meanTimeToRecover())
            .thenComparing(Comparator.comparingLong(Row::attempts).reversed())
            .thenComparing(Row::action);

    private StrategyGroups() {
    }

    /**
     * One origin's share of a row.
     *
     * @param origin {@code local} or the id of the host the evidence was imported from
     * @param attempts its attempts
     * @param successes its successes
     */
    public record Share(String origin, long attempts, long successes) {
    }

    /**
     * One action in a group, summed over origins.
     *
     * @param action the action's name
     * @param attempts attempts, all origins
     * @param successes successes, all origins
     * @param successRate successes / attempts
     * @param meanTimeToRecover mean over all successes; zero without any
     * @param importedAttempts the attempts of other hosts, included in {@code attempts}
     * @param preferred whether this is the group's preferred action
     * @param shares the evidence per origin, this host's own first
     */
    public record Row(String action, long attempts, long successes, double successRate, Duration meanTimeToRecover,
                      long importedAttempts, boolean preferred, List<Share> shares) {
    }

    /**
     * One (failure kind, error pattern).
     *
     * @param failure the failure kind
     * @param patternId the error pattern's id, empty for failures without one
     * @param template the pattern's template, when the home's patterns file knows it
     * @param rows the actions, the preferred one first, then by success rate
     */
    public record Group(FailureKind failure, Optional<String> patternId, Optional<String> template, List<Row> rows) {

        /** @return the preferred action, empty when none worked yet */
        public Optional<String> preferred() {
            return rows.stream().filter(Row::preferred).map(Row::action).findFirst();
        }
    }

    /**
     * @param all every per-origin statistic
     * @param patterns the known error patterns, to name each group's template
     * @return the groups, by failure kind name, then pattern id (none first)
     */
    public static List<Group> of(Collection<StrategyStats> all, Collection<ErrorPattern> patterns) {
        return of(all, patterns, LearningMemory.EMPTY);
    }

    /**
     * @param all every per-origin statistic
     * @param patterns the known error patterns, to name each group's template
     * @param memory what the engine saved with the statistics: action costs and evidence segments
     * @return the groups, by failure kind name, then pattern id (none first)
     */
    public static List<Group> of(Collection<StrategyStats> all, Collection<ErrorPattern> patterns, LearningMemory memory) {
        PreferredActions planner = new PreferredActions(all, memory);
        Map<String, ErrorPattern> byId = patterns.stream()
                .collect(Collectors.toMap(ErrorPattern::id, Function.identity(), (a, b) -> a));
        Map<List<String>, Map<String, List<StrategyStats>>> grouped = new TreeMap<>(
                Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (StrategyStats s : all) {
            grouped.computeIfAbsent(List.of(s.failure().name(), s.pattern().orElse("")), k -> new TreeMap<>())
                    .computeIfAbsent(s.action(), a -> new ArrayList<>()).add(s);
        }
        List<Group> groups = new ArrayList<>();
        grouped.forEach((k, byAction) -> {
            List<Row> rows = new ArrayList<>();
            byAction.values().forEach(entries -> rows.add(row(entries)));
            rows.sort(PREFERENCE);
            Optional<String> pattern = k.get(1).isEmpty() ? Optional.empty() : Optional.of(k.get(1));
            Optional<String> preferred = planner.preferred(FailureKind.valueOf(k.get(0)), pattern);
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                if (preferred.equals(Optional.of(r.action())) && r.successes() > 0) {
                    rows.remove(i);
                    rows.add(0, new Row(r.action(), r.attempts(), r.successes(), r.successRate(), r.meanTimeToRecover(),
                            r.importedAttempts(), true, r.shares()));
                    break;
                }
            }
            groups.add(new Group(FailureKind.valueOf(k.get(0)), pattern,
                    pattern.map(byId::get).map(ErrorPattern::describe), List.copyOf(rows)));
        });
        return List.copyOf(groups);
    }

    private static Row row(List<StrategyStats> entries) {
        List<StrategyStats> ordered = new ArrayList<>(entries);
        ordered.sort(Comparator.comparing((StrategyStats s) -> !s.isLocal()).thenComparing(StrategyStats::origin));
        StrategyStats sum = StrategyStats.empty(new StrategyKey(ordered.get(0).failure(), ordered.get(0).pattern(),
                ordered.get(0).action()));
        long imported = 0;
        List<Share> shares = new ArrayList<>();
        for (StrategyStats s : ordered) {
            sum = sum.plus(s);
            if (!s.isLocal()) {
                imported += s.attempts();
            }
            shares.add(new Share(s.origin(), s.attempts(), s.successes()));
        }
        return new Row(sum.action(), sum.attempts(), sum.successes(), sum.successRate(), sum.meanTimeToRecover(),
                imported, false, List.copyOf(shares));
    }
}
