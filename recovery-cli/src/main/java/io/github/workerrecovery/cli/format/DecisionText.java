package io.github.workerrecovery.cli.format;

import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryDecision.Candidate;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The one-cell form of a {@link RecoveryDecision} for the {@code history} table: the choice, how
 * it was made when not by the learned odds without exploring, then every candidate with its
 * posterior mean, highest first, then the decision's note when it has one:
 * {@code restart (explored) | connection_reset 0.82 · restart 0.31 | preceded by ...}.
 */
public final class DecisionText {

    private DecisionText() {
    }

    /**
     * @param decision the decision of a history record, if it has one
     * @return the text, or {@link Formats#ABSENT} without a decision
     */
    public static String of(Optional<RecoveryDecision> decision) {
        if (decision.isEmpty()) {
            return Formats.ABSENT;
        }
        RecoveryDecision d = decision.get();
        String how = d.explored() ? " (explored)" : d.policy() == RecoveryDecision.Policy.LEARNED ? "" : " (" + d.policy().id() + ")";
        StringJoiner odds = new StringJoiner(" · ");
        for (Candidate c : d.candidates()) {
            odds.add(c.action() + " " + String.format(Locale.ROOT, "%.2f", c.posteriorMean()));
        }
        return d.chosen() + how + " | " + odds + d.note().map(n -> " | " + n).orElse("");
    }
}
