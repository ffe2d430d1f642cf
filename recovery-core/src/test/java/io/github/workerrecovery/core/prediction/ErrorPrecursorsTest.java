package io.github.workerrecovery.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Foretold;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Error patterns seen before failures: the window, the consistency rule, the exclusions, the caps. */
class ErrorPrecursorsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private static final InstanceId W = new InstanceId(WorkerId.of("w"), 0);
    private static final InstanceId H = new InstanceId(WorkerId.of("h"), 0);
    private static final Optional<String> CRASH = Optional.of("c0ffee00");

    private final ErrorPrecursors precursors = new ErrorPrecursors(
            PredictionConfig.ofDefaults().withWindow(Duration.ofMinutes(10)));

    /** Failure k at T0 + k hours; "pool" written 5 min before it when {@code pool}, "noise" 20 min before. */
    private ErrorPrecursors.Learned episode(int k, boolean pool) {
        Instant failure = T0.plus(Duration.ofHours(k));
        if (pool) {
            precursors.seen(W, "pool", failure.minus(Duration.ofMinutes(5)));
        }
        precursors.seen(W, "noise", failure.minus(Duration.ofMinutes(20)));
        precursors.seen(W, "c0ffee00", failure); // the failure's own line, at the failure
        precursors.seen(W, "same-round", failure);
        return precursors.onFailure(W, FailureKind.PROCESS_EXITED, CRASH, failure);
    }

    @Test
    void aPatternSeenInTheWindowBeforeMostFailuresIsAFindingOnceAndOnlyForItsWorker() {
        assertThat(episode(1, true).seenBefore()).containsExactly("pool");
        assertThat(episode(2, true).newFindings()).isEmpty();
        ErrorPrecursors.Learned third = episode(3, true);

        assertThat(third.newFindings()).singleElement().satisfies(f -> {
            assertThat(f.precursor()).isEqualTo("pool");
            assertThat(f.text()).isEqualTo("3 of 3 PROCESS_EXITED with pattern c0ffee00 followed error pattern pool");
        });
        assertThat(episode(4, false).newFindings()).isEmpty(); // 3 of 4 is still above 70 %, said once
        assertThat(precursors.precursor(WorkerId.of("w"), "pool")).get()
                .extracting(io.github.workerrecovery.core.prediction.ErrorPrecursor::count, io.github.workerrecovery.core.prediction.ErrorPrecursor::of).containsExactly(3L, 4L);
        assertThat(precursors.precursor(WorkerId.of("w"), "noise")).isEmpty(); // outside the window
        assertThat(precursors.precursor(WorkerId.of("w"), "same-round")).isEmpty(); // came with the failure
        assertThat(precursors.precursor(WorkerId.of("w"), "c0ffee00")).isEmpty(); // the failure's own pattern
        assertThat(precursors.precursor(WorkerId.of("h"), "pool")).isEmpty(); // another worker
        episode(5, false);
        assertThat(precursors.precursor(WorkerId.of("w"), "pool")).isEmpty(); // 3 of 5: under 70 %
    }

    @Test
    void sightingsStartAfreshAfterAFailureAndAreCappedPerInstance() {
        for (int i = 0; i < 100; i++) {
            precursors.seen(H, "p" + i, T0.plusSeconds(i));
        }
        ErrorPrecursors.Learned learned = precursors.onFailure(H, FailureKind.HIGH_ERROR_RATE, Optional.empty(),
                T0.plusSeconds(200));
        assertThat(learned.seenBefore()).hasSize(ErrorPrecursors.MAX_SEEN).contains("p99").doesNotContain("p67");
        assertThat(precursors.onFailure(H, FailureKind.HIGH_ERROR_RATE, Optional.empty(), T0.plusSeconds(300))
                .seenBefore()).isEmpty();
    }

    @Test
    void theSameRuleDecidesWhetherAPatternPrecursorMayActAndAHealthyStretchThatWritesItCountsAgainstIt() {
        PrecursorPredictor predictor = new PrecursorPredictor(Duration.ofMinutes(30));
        Foretold crash = new Foretold(Optional.of(FailureKind.PROCESS_EXITED), CRASH);
        // watched: written, a failure 5 min later: a hit with its lead
        predictor.open(W, "pattern:pool", crash, T0);
        assertThat(predictor.failed(W, T0.plus(Duration.ofMinutes(5)))).singleElement().satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(PrecursorPredictor.Verdict.HIT);
            assertThat(c.lead()).isEqualTo(Duration.ofMinutes(5));
        });
        // written in a healthy stretch, nothing followed: a false alarm; trust (1 + 1) / (2 + 2)
        predictor.open(W, "pattern:pool", crash, T0.plus(Duration.ofHours(1)));
        assertThat(predictor.expire(T0.plus(Duration.ofMinutes(90)))).extracting(PrecursorPredictor.Closed::verdict)
                .containsExactly(PrecursorPredictor.Verdict.FALSE_ALARM);
        assertThat(predictor.record(W, "pattern:pool", crash).trust()).isEqualTo(0.5);
        assertThat(predictor.record(W, "pattern:pool", crash).trusted()).isTrue();
        // a second false alarm: 2 / 5 < 0.5, it stops acting
        predictor.open(W, "pattern:pool", crash, T0.plus(Duration.ofHours(2)));
        predictor.expire(T0.plus(Duration.ofMinutes(150)));
        assertThat(predictor.record(W, "pattern:pool", crash).trusted()).isFalse();
    }
}
