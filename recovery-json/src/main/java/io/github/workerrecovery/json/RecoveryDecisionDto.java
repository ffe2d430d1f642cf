package io.github.workerrecovery.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryDecision.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Why an action was chosen, the {@code decision} member of a history line and of the CLI's JSON:
 * <pre>{@code
 * {"policy": "learned", "chosen": "restart", "explored": true,
 *  "candidates": [{"action": "connection_reset", "attempts": 9, "successes": 8, "posterior_mean": 0.82,
 *                  "sampled": 0.77, "cost": 10}, ...]}
 * }</pre>
 *
 * @param policy {@code learned}, {@code ladder}, {@code manual} or {@code canary}
 * @param chosen the action taken
 * @param explored whether it was an exploration rather than the best guess
 * @param candidates every action considered
 * @param note what else shaped the choice (the resources that preceded the failure, a precursor);
 *     left out when there is none
 */
public record RecoveryDecisionDto(String policy, String chosen, Boolean explored, List<CandidateDto> candidates,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) String note) {

    /**
     * One action considered; {@code sampled} is left out when nothing was drawn (ladder and manual
     * decisions).
     *
     * @param action the action's name
     * @param attempts its attempts so far
     * @param successes its successes so far
     * @param posteriorMean the mean of its success posterior, in [0, 1]
     * @param sampled the value drawn for it, or {@code null}
     * @param cost its cost rank
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CandidateDto(String action, Long attempts, Long successes, Double posteriorMean, Double sampled,
                               Long cost) {

        static CandidateDto of(Candidate c) {
            return new CandidateDto(c.action(), c.attempts(), c.successes(), c.posteriorMean(),
                    c.sampled().isPresent() ? c.sampled().getAsDouble() : null, (long) c.cost());
        }

        Candidate toCandidate() {
            long rank = Fields.required(cost, "cost");
            return new Candidate(Fields.nonBlank(action, "action"), Fields.nonNegative(attempts, "attempts"),
                    Fields.nonNegative(successes, "successes"), Fields.required(posteriorMean, "posterior_mean"),
                    sampled == null ? OptionalDouble.empty() : OptionalDouble.of(sampled),
                    // a cost rank from a hand-edited file is clamped rather than refused: it only orders ties
                    (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, rank)));
        }
    }

    /**
     * @param decision a decision
     * @return its JSON form
     */
    public static RecoveryDecisionDto of(RecoveryDecision decision) {
        return new RecoveryDecisionDto(decision.policy().id(), decision.chosen(), decision.explored(),
                decision.candidates().stream().map(CandidateDto::of).toList(), decision.note().orElse(null));
    }

    /**
     * @return the decision
     * @throws IllegalArgumentException naming the member that is missing or malformed
     */
    public RecoveryDecision toDecision() {
        boolean wasExplored = Fields.required(explored, "explored");
        List<Candidate> list = new ArrayList<>();
        for (CandidateDto c : Fields.required(candidates, "candidates")) {
            if (c == null) {
                throw new IllegalArgumentException("'candidates' must hold objects but held null");
            }
            list.add(c.toCandidate());
        }
        return new RecoveryDecision(RecoveryDecision.Policy.ofId(Fields.required(policy, "policy")),
                Fields.nonBlank(chosen, "chosen"), wasExplored, list, Optional.ofNullable(note));
    }
}
