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

    @Test
    void afterADetectedChangeDecisionsUseOnlyTheEvidenceSinceWhileTheTotalsStayWhole() {
        for (int i = 0; i < 50; i++) {
            book.record(RESET, true, Duration.ofSeconds(1));
        }
        for (int i = 0; i < 4; i++) {
            book.record(RESET, false, Duration.ZERO);
        }

        assertThat(book.changesDetected()).isEqualTo(1);
        assertThat(book.current(RESET)).extracting(StrategyStats::attempts, StrategyStats::successes).containsExactly(4L, 0L);
        assertThat(book.total(RESET)).extracting(StrategyStats::attempts, StrategyStats::successes).containsExactly(54L, 50L);
        assertThat(book.segments().get(RESET)).isEqualTo(new StrategyBook.Segment(50, 50, 0b0000, 4, true));
    }

    @Test
    void afterAChangeOtherHostsEvidenceForTheKeyNoLongerCounts() {
        StrategyStats fromB = new StrategyStats(RESET.failure(), RESET.pattern(), RESET.action(), "host-b", 10, 10, 100,
                List.of(100L));
        book.loadAll(List.of(fromB));
        for (int i = 0; i < 50; i++) {
            book.record(RESET, true, Duration.ofSeconds(1));
        }
        assertThat(book.current(RESET).attempts()).as("before the change: both hosts").isEqualTo(60);
        for (int i = 0; i < 4; i++) {
            book.record(RESET, false, Duration.ZERO);
        }

        assertThat(book.current(RESET)).extracting(StrategyStats::attempts, StrategyStats::successes).containsExactly(4L, 0L);
        assertThat(book.pooled(RESET.failure(), Optional.of("another"), RESET.action()).attempts()).isEqualTo(4);
    }

    @Test
    void segmentsSavedAndLoadedBackGiveTheSameDecisionsAndTheSameNextDetection() {
        for (int i = 0; i < 50; i++) {
            book.record(RESET, true, Duration.ofSeconds(1));
        }
        book.record(RESET, false, Duration.ZERO);
        StrategyBook reloaded = new StrategyBook();
        reloaded.loadAll(book.all());
        reloaded.loadSegments(LearningMemoryCodec.segments(
                new io.github.workerrecovery.api.LearningMemory(java.util.Map.of(), LearningMemoryCodec.segments(book.segments()),
                        List.of())));

        assertThat(reloaded.segments()).isEqualTo(book.segments());
        for (int i = 0; i < 3; i++) {
            book.record(RESET, false, Duration.ZERO);
            reloaded.record(RESET, false, Duration.ZERO);
        }
        assertThat(reloaded.changesDetected()).isEqualTo(book.changesDetected()).isEqualTo(1);
        assertThat(reloaded.current(RESET)).isEqualTo(book.current(RESET));
    }

    @Test
    void aSegmentThatDoesNotFitTheCountsIsCutToFit() {
        book.record(RESET, true, Duration.ofSeconds(1));
        book.loadSegments(java.util.Map.of(RESET, new StrategyBook.Segment(7, 7, 0b1111, 4, true)));

        assertThat(book.segments().get(RESET)).isEqualTo(new StrategyBook.Segment(1, 1, 0, 0, true));
        assertThat(book.current(RESET).attempts()).isZero();
    }
}
