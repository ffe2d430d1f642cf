package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.RecoveryConfig.StrategySelection;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The planner's preferred action computed from saved evidence, for readers of the strategies file
 * (the CLI): the same {@link RecoveryPlanner#preferred} over a {@link StrategyBook} loaded with the
 * file's statistics and evidence segments, with stand-ins for the actions that carry the saved
 * costs. A worker without an {@code actions:} list is assumed (the default ladder's prior).
 * Public only for {@code core.store.PreferredActions}; not an API.
 */
public final class SavedEvidencePreference {

    private final RecoveryPlanner planner;

    /**
     * @param all every saved statistic
     * @param memory what was saved with them; its costs weigh the actions
     * @param fallbackCosts costs of actions the memory does not name
     */
    public SavedEvidencePreference(Collection<StrategyStats> all, LearningMemory memory, Map<String, Integer> fallbackCosts) {
        StrategyBook book = new StrategyBook();
        book.loadAll(all);
        book.loadSegments(LearningMemoryCodec.segments(memory));
        Map<String, Set<FailureKind>> evidenceFor = new LinkedHashMap<>();
        for (StrategyStats s : all) {
            evidenceFor.computeIfAbsent(s.action(), a -> EnumSet.noneOf(FailureKind.class)).add(s.failure());
        }
        Map<String, RecoveryAction> actions = new LinkedHashMap<>();
        evidenceFor.forEach((name, failures) -> actions.put(name, new StandIn(name,
                memory.actionCosts().getOrDefault(name, fallbackCosts.getOrDefault(name, 50)), failures)));
        // the seed is never used: preferred() does not draw
        this.planner = new RecoveryPlanner(actions, book, StrategySelection.LEARNED, new SplittableRandom(0));
    }

    /**
     * @param failure the failure kind
     * @param pattern the error pattern, if any
     * @return the action the planner prefers among those with saved evidence for the failure kind
     */
    public Optional<String> preferred(FailureKind failure, Optional<String> pattern) {
        return planner.preferred(failure, pattern, java.util.List.of());
    }

    /** An action known only by name and cost; it applies to the failures it has evidence for. */
    private record StandIn(String name, int cost, Set<FailureKind> failures) implements RecoveryAction {

        @Override
        public boolean appliesTo(FailureKind failure) {
            return failures.contains(failure);
        }

        @Override
        public ActionResult execute(ActionContext context) {
            throw new UnsupportedOperationException("a stand-in for reading saved evidence cannot run");
        }
    }
}
