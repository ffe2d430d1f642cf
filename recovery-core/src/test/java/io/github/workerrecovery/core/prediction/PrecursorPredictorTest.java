package io.github.workerrecovery.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Closed;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Foretold;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Prediction;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The predictor's accounting: hits with their lead time, false alarms, averted and wrong predictions, trust. */
class PrecursorPredictorTest {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private static final InstanceId W0 = new InstanceId(WorkerId.of("w"), 0);
    private static final InstanceId W1 = new InstanceId(WorkerId.of("w"), 1);
    private static final Foretold CRASH = new Foretold(Optional.of(FailureKind.HEARTBEAT_TIMEOUT), Optional.of("3f2a1b0c"));

    private final PrecursorPredictor predictor = new PrecursorPredictor(Duration.ofMinutes(30));

    private static Instant min(int m) {
        return T0.plusSeconds(60L * m);
    }

    @Test
    void aFailureWithinTheHorizonIsAHitWithItsLeadTimeAndOnePredictionPerMetric() {
        Prediction p = predictor.open(W0, "memory_percent", CRASH, min(0)).orElseThrow();
        assertThat(predictor.open(W0, "memory_percent", CRASH, min(1))).isEmpty();

        List<Closed> closed = predictor.failed(W0, min(12));

        assertThat(closed).containsExactly(new Closed(p, Verdict.HIT, Duration.ofMinutes(12)));
        assertThat(predictor.record(W0, "memory_percent", CRASH))
                .isEqualTo(new PrecursorPredictor.Record(1, 0, 0, 0, 720));
        assertThat(predictor.openFor(W0)).isEmpty();
    }

    @Test
    void noFailureWithinTheHorizonIsAFalseAlarmAndTrustNeedsAHitAndRightMoreOftenThanWrong() {
        predictor.open(W0, "memory_percent", CRASH, min(0));
        assertThat(predictor.expire(min(29))).isEmpty();
        assertThat(predictor.expire(min(30))).extracting(Closed::verdict).containsExactly(Verdict.FALSE_ALARM);
        PrecursorPredictor.Record afterAlarm = predictor.record(W0, "memory_percent", CRASH);
        assertThat(afterAlarm.trusted()).isFalse();

        predictor.open(W0, "memory_percent", CRASH, min(40));
        predictor.failed(W0, min(45));
        PrecursorPredictor.Record oneEach = predictor.record(W0, "memory_percent", CRASH);

        assertThat(oneEach).isEqualTo(new PrecursorPredictor.Record(1, 1, 0, 0, 300));
        assertThat(oneEach.trust()).isEqualTo(0.5);
        assertThat(oneEach.trusted()).isTrue();
    }

    @Test
    void anActedPredictionIsAvertedWhenVerifiedAndQuietWrongWhenTheFailureComesAnywayOrTheActionFails() {
        Prediction averted = predictor.open(W0, "memory_percent", CRASH, min(0)).orElseThrow();
        predictor.acted(averted);
        assertThat(predictor.actionVerified(averted, true, min(1))).isEmpty();
        assertThat(predictor.expire(min(30))).extracting(Closed::verdict).containsExactly(Verdict.AVERTED);

        Prediction cameAnyway = predictor.open(W0, "memory_percent", CRASH, min(40)).orElseThrow();
        predictor.acted(cameAnyway);
        predictor.actionVerified(cameAnyway, true, min(41));
        assertThat(predictor.failed(W0, min(50))).extracting(Closed::verdict).containsExactly(Verdict.WRONG);

        Prediction actionFailed = predictor.open(W1, "memory_percent", CRASH, min(60)).orElseThrow();
        predictor.acted(actionFailed);
        assertThat(predictor.actionVerified(actionFailed, false, min(61))).map(Closed::verdict).contains(Verdict.WRONG);

        assertThat(predictor.record(W0, "memory_percent", CRASH)).isEqualTo(new PrecursorPredictor.Record(0, 0, 1, 2, 0));
        assertThat(predictor.total()).isEqualTo(new PrecursorPredictor.Record(0, 0, 1, 2, 0));
        assertThat(predictor.record(W0, "memory_percent", CRASH).trusted()).isFalse();
    }

    @Test
    void aPlainDriftAndAPrecursorOfTheSameMetricAreAccountedApart() {
        predictor.open(W0, "cpu_percent", Foretold.DRIFT, min(0));
        predictor.open(W0, "memory_percent", CRASH, min(0));

        predictor.failed(W0, min(5));

        assertThat(predictor.record(W0, "cpu_percent", Foretold.DRIFT).hits()).isEqualTo(1);
        assertThat(predictor.record(W0, "memory_percent", CRASH).hits()).isEqualTo(1);
        assertThat(predictor.record(W0, "memory_percent", Foretold.DRIFT).hits()).isZero();
        assertThat(predictor.total().hits()).isEqualTo(2);
    }
}
