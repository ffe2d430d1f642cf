package io.github.workerrecovery.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The book's own evidence: what is recorded, what a shared outage takes back, and what is never touched. */
class StrategyBookTest {

    private static final StrategyKey RESET = new StrategyKey(FailureKind.CONNECTION_LOST, Optional.of("0b90eae1"),
            "connection_reset");

    private final StrategyBook book = new StrategyBook();

    @Test
    void retractingAFailureTakesBackOneLocalFailureAndNeverASuccess() {
        book.record(RESET, true, Duration.ofSeconds(2));
        book.record(RESET, false, Duration.ZERO);
        book.record(RESET, false, Duration.ZERO);

        assertThat(book.retractFailure(RESET)).isTrue();
        assertThat(book.retractFailure(RESET)).isTrue();
        assertThat(book.retractFailure(RESET)).as("only the success is left").isFalse();

        assertThat(book.all()).containsExactly(new StrategyStats(RESET.failure(), RESET.pattern(), RESET.action(),
                StrategyStats.LOCAL_ORIGIN, 1, 1, 2000, List.of(2000L)));
    }

    @Test
    void aKeyOnlyEverSeenFailingInTheOutageLeavesNoEntryAndImportedEvidenceIsNotTouched() {
        StrategyStats fromB = new StrategyStats(RESET.failure(), RESET.pattern(), RESET.action(), "host-b", 3, 1, 100,
                List.of(100L));
        book.loadAll(List.of(fromB));
        book.record(RESET, false, Duration.ZERO);

        assertThat(book.retractFailure(RESET)).isTrue();
        assertThat(book.retractFailure(RESET)).as("host-b's failures are not ours to take back").isFalse();

        assertThat(book.all()).containsExactly(fromB);
    }
}
