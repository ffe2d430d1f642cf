package io.github.workerrecovery.core.store;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.internal.engine.SavedEvidencePreference;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Which action the planner prefers for a (failure kind, error pattern), from what a store saved:
 * the highest posterior mean (ladder prior of the failure's default ladder, the failure kind's
 * pooled evidence, the pattern's evidence since any detected change), the cheapest among those
 * within 0.05 of it, exactly as the engine's planner picks when it does not explore. The costs
 * are the ones the engine saved with the statistics ({@link LearningMemory#actionCosts()}); an
 * older file without them gets the built-in actions' costs ({@link #BUILT_IN_COSTS}, 50 for any
 * other). Only actions with saved evidence for the failure kind are candidates. Immutable.
 */
public final class PreferredActions {

    /** The costs of the built-in actions, for a file saved before costs were. */
    public static final Map<String, Integer> BUILT_IN_COSTS = Map.of("connection_reset", 10, "memory_cleanup", 10,
            "graceful_restart", 30, "restart", 40, "scale_up", 60);

    private final SavedEvidencePreference preference;

    /**
     * @param all every saved statistic, of every origin
     * @param memory what was saved with them
     */
    public PreferredActions(Collection<StrategyStats> all, LearningMemory memory) {
        this.preference = new SavedEvidencePreference(all, memory, BUILT_IN_COSTS);
    }

    /**
     * @param failure the failure kind
     * @param pattern the error pattern's id, empty for failures without one
     * @return the preferred action; empty when no action has evidence for the failure kind
     */
    public Optional<String> preferred(FailureKind failure, Optional<String> pattern) {
        return preference.preferred(failure, pattern);
    }
}
