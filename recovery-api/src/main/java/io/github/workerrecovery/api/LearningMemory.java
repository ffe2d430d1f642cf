package io.github.workerrecovery.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine learned besides the per-action counts, saved with them so that a restart keeps
 * it (see {@link StrategyStore#saveStrategies(java.util.Collection, LearningMemory)}):
 *
 * <ul>
 *   <li>the cost of every registered action, so that a reader of the file (the CLI) weighs costs
 *       the way the planner does;
 *   <li>per strategy, where its current evidence starts: the engine detects when an action's
 *       results change (a deploy changed the cause) and from then on decides by what came after;
 *   <li>the error signatures that were shared outages before, per group, whose next failure waits
 *       a window to see whether others fail alike.
 * </ul>
 *
 * @param actionCosts every action's cost, by name
 * @param segments strategies whose current evidence is not simply all of it, or that hold recent outcomes
 * @param outageSignatures signatures that tripped a shared outage
 */
public record LearningMemory(Map<String, Integer> actionCosts, List<EvidenceSegment> segments,
                             List<OutageSignature> outageSignatures) {

    /** Nothing remembered: what a store that keeps no memory gives. */
    public static final LearningMemory EMPTY = new LearningMemory(Map.of(), List.of(), List.of());

    /** Copies the collections (the costs in their order). */
    public LearningMemory {
        actionCosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(actionCosts));
        segments = List.copyOf(segments);
        outageSignatures = List.copyOf(outageSignatures);
    }

    /**
     * Where a strategy's current evidence starts (this host's own), and its latest outcomes.
     *
     * @param key the strategy
     * @param fromAttempts this host's attempts before the current evidence, {@code >= 0}
     * @param fromSuccesses successes among them, {@code 0..fromAttempts}
     * @param recent the latest outcomes, oldest first, {@code S} for a success and {@code F} for a
     *     failure, at most 64
     * @param changed whether a change of the action's results was ever detected for the key (then
     *     other hosts' evidence for it no longer counts)
     */
    public record EvidenceSegment(StrategyKey key, long fromAttempts, long fromSuccesses, String recent,
                                  boolean changed) {

        /**
         * Checks the counts and the outcome string.
         *
         * @throws IllegalArgumentException when a count is negative or {@code recent} holds anything else
         */
        public EvidenceSegment {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(recent, "recent");
            if (fromAttempts < 0 || fromSuccesses < 0 || fromSuccesses > fromAttempts) {
                throw new IllegalArgumentException("evidence segment of " + key + ": from_attempts=" + fromAttempts
                        + " from_successes=" + fromSuccesses + " (need 0 <= successes <= attempts)");
            }
            if (recent.length() > 64 || !recent.chars().allMatch(c -> c == 'S' || c == 'F')) {
                throw new IllegalArgumentException("evidence segment of " + key
                        + ": 'recent' must be at most 64 letters S or F but was '" + recent + "'");
            }
        }
    }

    /**
     * A signature that was a shared outage in a group.
     *
     * @param group the workers' group (empty: the host's workers without one)
     * @param signature the mined error pattern's id
     */
    public record OutageSignature(String group, String signature) {

        /** Rejects nulls and a blank signature. */
        public OutageSignature {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(signature, "signature");
            if (signature.isBlank()) {
                throw new IllegalArgumentException("an outage signature must not be blank");
            }
        }
    }
}
