package io.github.workerrecovery.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryDecision.Candidate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A decision's note: written as {@code note} when there is one, left out when not, read back equal. */
class DecisionNoteJsonTest {

    private static final RecoveryDecision PLAIN = new RecoveryDecision(RecoveryDecision.Policy.LEARNED, "memory_cleanup",
            false, List.of(new Candidate("memory_cleanup", 0, 0, 0.8, OptionalDouble.empty(), 10)));

    @Test
    void aNoteIsWrittenAndReadBack() {
        RecoveryDecision noted = PLAIN.withNote(Optional.of("preceded by memory_percent 89.7 (normal 40.0) rising 13.0/min: "
                + "memory actions first"));

        String line = RecoveryJson.toLine(RecoveryDecisionDto.of(noted));

        assertThat(line).isEqualTo("{\"policy\":\"learned\",\"chosen\":\"memory_cleanup\",\"explored\":false,\"candidates\":"
                + "[{\"action\":\"memory_cleanup\",\"attempts\":0,\"successes\":0,\"posterior_mean\":0.8,\"cost\":10}],"
                + "\"note\":\"preceded by memory_percent 89.7 (normal 40.0) rising 13.0/min: memory actions first\"}");
        assertThat(RecoveryJson.bind(RecoveryJson.parse(line), RecoveryDecisionDto.class).toDecision()).isEqualTo(noted);
    }

    @Test
    void withoutANoteTheLineIsAsBefore() {
        String line = RecoveryJson.toLine(RecoveryDecisionDto.of(PLAIN));

        assertThat(line).doesNotContain("note");
        assertThat(RecoveryJson.bind(RecoveryJson.parse(line), RecoveryDecisionDto.class).toDecision()).isEqualTo(PLAIN);
    }
}
