package io.github.workerrecovery.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyKey;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How fast the change detector sees a fix stop (or start) working, and that luck alone does not trip it. */
class ChangeDetectorTest {

    private static final StrategyKey GRACEFUL = new StrategyKey(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"),
            "graceful_restart");

    @Test
    void aFixThatAlwaysWorkedIsSeenToStopAfterAFewFailuresHoweverLongItsHistory() {
        assertThat(outcomesToDetect(10, true)).isEqualTo(6);
        assertThat(outcomesToDetect(50, true)).isEqualTo(4);
        assertThat(outcomesToDetect(1000, true)).isEqualTo(3);
    }

    @Test
    void aFixThatNeverWorkedIsSeenToStartWorking() {
        assertThat(outcomesToDetect(20, false)).isEqualTo(4);
    }

    @Test
    void aFixThatWorks70PercentOfTheTimeIsNotFlaggedForARunOfBadLuck() {
        StrategyBook book = new StrategyBook();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 5000; i++) {
            book.record(GRACEFUL, random.nextDouble() < 0.7, Duration.ofSeconds(1));
        }

        assertThat(book.changesDetected()).isZero();
        assertThat(book.current(GRACEFUL)).extracting(s -> s.attempts(), s -> s.successes()).containsExactly(5000L, 3502L);
    }

    @Test
    void theKlDivergenceIsZeroForEqualRatesAndFiniteAtTheEdges() {
        assertThat(ChangeDetector.kl(0.3, 0.3)).isZero();
        assertThat(ChangeDetector.kl(1, 0.5)).isEqualTo(Math.log(2));
        assertThat(ChangeDetector.kl(0, 1)).isFinite().isPositive();
    }

    /** A run of one outcome, then the other until the detector sees the change: how many of the other. */
    private static int outcomesToDetect(int run, boolean worked) {
        StrategyBook book = new StrategyBook();
        for (int i = 0; i < run; i++) {
            book.record(GRACEFUL, worked, Duration.ofSeconds(1));
        }
        assertThat(book.changesDetected()).isZero();
        for (int k = 1; k <= 100; k++) {
            book.record(GRACEFUL, !worked, Duration.ofSeconds(1));
            if (book.changesDetected() == 1) {
                return k;
            }
        }
        throw new AssertionError("no change seen after 100 outcomes");
    }
}
