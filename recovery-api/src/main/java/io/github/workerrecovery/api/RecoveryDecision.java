package io.github.workerrecovery.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Why an action was chosen: the candidates the planner chose among, with the evidence and the
 * posterior mean of each, the choice, and whether it explored. Kept with the outcome in history.
 *
 * @param policy how the choice was made
 * @param chosen the action chosen
 * @param explored whether a learned choice took another action than the one with the highest
 *     posterior mean (the cheaper within the cost margin); always false for the ladder and manual
 *     policies, which do not explore
 * @param candidates the actions it chose among, highest posterior mean first
 * @param note what else shaped the choice, e.g. the resources that preceded the failure
 *     ({@code "preceded by memory_percent 83.1 (normal 41.0) rising 2.00/min: memory actions first"})
 *     or the precursor a predictive action answers; empty when nothing did
 */
public record RecoveryDecision(Policy policy, String chosen, boolean explored, List<Candidate> candidates,
                               Optional<String> note) {

    /** How a choice was made. */
    public enum Policy {
        /** Thompson sampling over the learned odds ({@code strategy_selection: learned}). */
        LEARNED,
        /** The fixed default ladder ({@code strategy_selection: ladder}). */
        LADDER,
        /** A person asked for the action (manual recovery). */
        MANUAL,
        /**
         * A shared outage's canary: the cheapest applicable action, run only to learn whether the
         * shared dependency is back, so it disturbs as little as it can and teaches nothing.
         */
        CANARY;

        /** @return the lower-case name used in files and output ({@code learned}, {@code ladder}, {@code manual}, {@code canary}) */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param id a lower-case name as returned by {@link #id()}
         * @return the policy
         * @throws IllegalArgumentException when the name is not a policy
         */
        public static Policy ofId(String id) {
            for (Policy p : values()) {
                if (p.id().equals(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown decision policy '" + id + "' (known: learned, ladder, manual, canary)");
        }
    }

    /**
     * One action the planner could have taken.
     *
     * @param action the action's name
     * @param attempts verified attempts of this action for the failure and pattern, over all origins
     * @param successes how many of them worked
     * @param posteriorMean the mean of the action's Beta posterior, in [0, 1]
     * @param sampled the value Thompson sampling drew for it; empty when nothing was drawn
     * @param cost the action's relative cost
     */
    public record Candidate(String action, long attempts, long successes, double posteriorMean, OptionalDouble sampled,
                            int cost) {

        /** Rejects nulls, inconsistent counts and a mean or sample outside [0, 1]. */
        public Candidate {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(sampled, "sampled");
            if (attempts < 0 || successes < 0 || successes > attempts) {
                throw new IllegalArgumentException("inconsistent counts for candidate " + action + ": attempts="
                        + attempts + " successes=" + successes);
            }
            if (!(posteriorMean >= 0 && posteriorMean <= 1)) {
                throw new IllegalArgumentException("posterior mean of " + action + " must be in [0, 1] but was " + posteriorMean);
            }
            if (sampled.isPresent() && !(sampled.getAsDouble() >= 0 && sampled.getAsDouble() <= 1)) {
                throw new IllegalArgumentException("sample of " + action + " must be in [0, 1] but was " + sampled.getAsDouble());
            }
        }
    }

    /** Rejects nulls; copies the candidates. */
    public RecoveryDecision {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(note, "note");
        candidates = List.copyOf(candidates);
    }

    /**
     * A decision without a note.
     *
     * @param policy how the choice was made
     * @param chosen the action chosen
     * @param explored whether it explored
     * @param candidates the actions it chose among
     */
    public RecoveryDecision(Policy policy, String chosen, boolean explored, List<Candidate> candidates) {
        this(policy, chosen, explored, candidates, Optional.empty());
    }

    /**
     * @param text the note, or empty for none
     * @return a copy with this note
     */
    public RecoveryDecision withNote(Optional<String> text) {
        return new RecoveryDecision(policy, chosen, explored, candidates, text);
    }
}
