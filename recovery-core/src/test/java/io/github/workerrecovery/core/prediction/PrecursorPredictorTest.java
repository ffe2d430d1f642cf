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

/**
 * The predictor's accounting: hits with their lead time, false alarms, averted and wrong predictions,
 * trust measured on the watched predictions, and which predictions act.
 */
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

    private static final Foretold LEAK = new Foretold(Optional.of(FailureKind.MEMORY_LEAK), Optional.empty());

    /** Opens a prediction, decides, and closes it: acted and averted, or watched and a hit or a false alarm. */
    private boolean predict(PrecursorPredictor p, String metric, Foretold foretold, PrecursorPredictor.Source source,
                            int minute, boolean failureFollows) {
        Prediction open = p.open(W0, metric, foretold, min(minute)).orElseThrow();
        boolean act = p.decide(open, source);
        assertThat(p.decide(open, source)).as("asked again").isEqualTo(act);
        if (act) {
            p.acted(open);
            p.actionVerified(open, true, min(minute + 1));
            p.expire(min(minute + 30));
        } else if (failureFollows) {
            p.failed(W0, min(minute + 10));
        } else {
            p.expire(min(minute + 30));
        }
        return act;
    }

    @Test
    void aLearnedPrecursorActsAfterAWatchedHitAndEveryFourthOfItsTrustedPredictionsIsOnlyWatched() {
        PrecursorPredictor p = new PrecursorPredictor(Duration.ofMinutes(30), 4);

        assertThat(predict(p, "memory_percent", CRASH, PrecursorPredictor.Source.LEARNED, 0, true)).isFalse();
        List<Boolean> acts = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            acts.add(predict(p, "memory_percent", CRASH, PrecursorPredictor.Source.LEARNED, 100 * i, true));
        }

        // the 4th and 8th trusted ones are watched, and the failure that followed each is a hit
        assertThat(acts).containsExactly(true, true, true, false, true, true, true, false);
        PrecursorPredictor.Record r = p.record(W0, "memory_percent", CRASH);
        assertThat(r).isEqualTo(new PrecursorPredictor.Record(3, 0, 6, 0, 1800));
        assertThat(r.precision()).isEqualTo(1.0);
        assertThat(r.trust()).isEqualTo(0.8); // (3 + 1) / (3 + 2): the averted ones are no evidence
    }

    @Test
    void avertedPredictionsDoNotKeepAPrecursorTrustedItsWatchedFalseAlarmsStopIt() {
        PrecursorPredictor p = new PrecursorPredictor(Duration.ofMinutes(30), 2);
        predict(p, "pattern:pool", CRASH, PrecursorPredictor.Source.LEARNED, 0, true); // watched: a hit

        // trusted: acts (averted), then the 2nd trusted one is watched and nothing follows
        assertThat(predict(p, "pattern:pool", CRASH, PrecursorPredictor.Source.LEARNED, 100, false)).isTrue();
        assertThat(predict(p, "pattern:pool", CRASH, PrecursorPredictor.Source.LEARNED, 200, false)).isFalse();
        assertThat(p.record(W0, "pattern:pool", CRASH).trust()).isEqualTo(0.5);
        assertThat(predict(p, "pattern:pool", CRASH, PrecursorPredictor.Source.LEARNED, 300, false)).isTrue();
        assertThat(predict(p, "pattern:pool", CRASH, PrecursorPredictor.Source.LEARNED, 400, false)).isFalse();

        // 1 hit, 2 false alarms, 2 averted: trust 0.4 (it was 0.67 when the averted counted): watched from now on
        PrecursorPredictor.Record r = p.record(W0, "pattern:pool", CRASH);
        assertThat(r).isEqualTo(new PrecursorPredictor.Record(1, 2, 2, 0, 600));
        assertThat(r.trust()).isEqualTo(0.4);
        for (int i = 5; i < 9; i++) {
            assertThat(predict(p, "pattern:pool", CRASH, PrecursorPredictor.Source.LEARNED, 100 * i, false)).isFalse();
        }
    }

    @Test
    void aProbesPredictionActsAtOnceAndAWatchedFalseAlarmOrAWrongActionCountsAgainstIt() {
        PrecursorPredictor p = new PrecursorPredictor(Duration.ofMinutes(30), 0);

        assertThat(predict(p, "seconds_to_memory_threshold", LEAK, PrecursorPredictor.Source.PROBE, 0, false)).isTrue();
        Prediction wrong = p.open(W0, "seconds_to_memory_threshold", LEAK, min(100)).orElseThrow();
        assertThat(p.decide(wrong, PrecursorPredictor.Source.PROBE)).isTrue();
        p.acted(wrong);
        assertThat(p.actionVerified(wrong, false, min(101))).map(Closed::verdict).contains(Verdict.WRONG);

        // 1 averted, 1 wrong: trust 1/3, so the next is watched; nothing follows it: a false alarm
        assertThat(predict(p, "seconds_to_memory_threshold", LEAK, PrecursorPredictor.Source.PROBE, 200, false)).isFalse();
        assertThat(p.record(W0, "seconds_to_memory_threshold", LEAK)).isEqualTo(new PrecursorPredictor.Record(0, 1, 1, 1, 0));
        // two watched hits make it right as often as not again
        assertThat(predict(p, "seconds_to_memory_threshold", LEAK, PrecursorPredictor.Source.PROBE, 300, true)).isFalse();
        assertThat(predict(p, "seconds_to_memory_threshold", LEAK, PrecursorPredictor.Source.PROBE, 400, true)).isFalse();
        assertThat(predict(p, "seconds_to_memory_threshold", LEAK, PrecursorPredictor.Source.PROBE, 500, false)).isTrue();
        assertThat(p.total()).isEqualTo(new PrecursorPredictor.Record(2, 1, 2, 1, 1200));
    }

    @Test
    void aPredictionNoLongerOpenMayNotActAndWatchEveryOneIsRefused() {
        Prediction p = predictor.open(W0, "memory_percent", CRASH, min(0)).orElseThrow();
        predictor.failed(W0, min(1));
        assertThat(predictor.decide(p, PrecursorPredictor.Source.PROBE)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PrecursorPredictor(Duration.ofMinutes(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("watchEvery must be 0 or >= 2 but was 1");
    }
}
