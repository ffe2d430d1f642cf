package io.github.workerrecovery.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryDecision.Candidate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The history table's decision cell ends with the decision's note when it has one. */
class DecisionTextTest {

    @Test
    void theNoteFollowsTheOdds() {
        RecoveryDecision d = new RecoveryDecision(RecoveryDecision.Policy.LEARNED, "memory_cleanup", false, List.of(
                new Candidate("memory_cleanup", 2, 2, 0.857, OptionalDouble.of(0.92), 10),
                new Candidate("graceful_restart", 0, 0, 0.714, OptionalDouble.of(0.81), 30)),
                Optional.of("preceded by memory_percent 89.7 (normal 40.0) rising 13.0/min: memory actions first"));

        assertThat(DecisionText.of(Optional.of(d))).isEqualTo("memory_cleanup | memory_cleanup 0.86 · graceful_restart 0.71"
                + " | preceded by memory_percent 89.7 (normal 40.0) rising 13.0/min: memory actions first");
        assertThat(DecisionText.of(Optional.of(d.withNote(Optional.empty()))))
                .isEqualTo("memory_cleanup | memory_cleanup 0.86 · graceful_restart 0.71");
    }
}
