package io.github.workerrecovery.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The online baseline and its drift detector on seeded series, one sample every 30 s: a step
 * change and a slow drift are caught, a noisy healthy series (with spikes) is not.
 */
class RobustBaselineTest {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(30);

    private static RobustBaseline baseline() {
        return new RobustBaseline(Duration.ofHours(1), 10, Duration.ofMinutes(30));
    }

    private static Instant at(int i) {
        return T0.plus(STEP.multipliedBy(i));
    }

    @Test
    void aNoisyHealthySeriesWithSpikesNeverDrifts() {
        SplittableRandom random = new SplittableRandom(42);
        RobustBaseline b = baseline();
        int drifting = 0;
        // 3.5 days at 30 s: gaussian noise of sd 3 around 50, and a spike of +20 every 97 samples
        for (int i = 0; i < 10_000; i++) {
            double v = 50 + 3 * random.nextGaussian() + (i % 97 == 96 ? 20 : 0);
            if (b.add(v, at(i))) {
                drifting++;
            }
        }
        assertThat(drifting).isZero();
        assertThat(b.level()).isBetween(49.5, 50.5);
        assertThat(b.spread()).isBetween(2.5, 3.5);
    }

    @Test
    void aStepOfFiveSpreadsIsADriftFromItsFourthSample() {
        SplittableRandom random = new SplittableRandom(7);
        RobustBaseline b = baseline();
        for (int i = 0; i < 500; i++) {
            assertThat(b.add(50 + 3 * random.nextGaussian(), at(i))).isFalse();
        }
        int firstDrift = -1;
        for (int i = 500; i < 520 && firstDrift < 0; i++) {
            if (b.add(65 + 3 * random.nextGaussian(), at(i))) {
                firstDrift = i - 500;
            }
        }
        // each sample adds at most 3 (capped at 4 spreads, minus the slack of 1): four samples reach 10
        assertThat(firstDrift).isEqualTo(3);
    }

    @Test
    void aSlowDriftIsCaughtLongBeforeAStaticThresholdAndIsNotLearnedAsNormalMeanwhile() {
        SplittableRandom random = new SplittableRandom(11);
        RobustBaseline b = baseline();
        for (int i = 0; i < 500; i++) {
            b.add(50 + 3 * random.nextGaussian(), at(i));
        }
        double normal = b.level();
        int firstDrift = -1;
        double levelAtDrift = Double.NaN;
        int staticCrossing = -1;
        // +0.05 per sample (6 per hour, a sixtieth of a spread per sample); a static threshold at 80 (10 spreads up)
        for (int i = 0; i < 700; i++) {
            double v = 50 + 0.05 * i + 3 * random.nextGaussian();
            if (b.add(v, at(500 + i)) && firstDrift < 0) {
                firstDrift = i;
                levelAtDrift = b.level();
            }
            if (v > 80 && staticCrossing < 0) {
                staticCrossing = i;
            }
        }
        // caught 53 min into the drift, when it is 5.3 above normal (1.8 spreads); the static threshold 3 h later
        assertThat(firstDrift).isEqualTo(106);
        assertThat(staticCrossing).isEqualTo(461);
        // learning stops while the evidence grows: at the warning the level has taken in less than a fifth of the drift
        assertThat(levelAtDrift - normal).isPositive().isLessThan(0.2 * 0.05 * firstDrift);
    }

    @Test
    void oneWildSampleMovesTheLevelByLessThanATenthOfASpread() {
        SplittableRandom random = new SplittableRandom(3);
        RobustBaseline b = baseline();
        for (int i = 0; i < 300; i++) {
            b.add(50 + 3 * random.nextGaussian(), at(i));
        }
        double before = b.level();
        double spread = b.spread();

        boolean drift = b.add(5_000, at(300));

        assertThat(drift).isFalse();
        assertThat(Math.abs(b.level() - before)).isLessThan(0.1 * spread);
    }

    @Test
    void aDriftThatLastsTheHorizonBecomesTheNewNormalAndAReturnToNormalEndsIt() {
        RobustBaseline b = baseline();
        for (int i = 0; i < 100; i++) {
            b.add(i % 2 == 0 ? 49 : 51, at(i));
        }
        int i = 100;
        while (!b.add(70, at(i))) {
            i++;
        }
        int start = i;
        // 30 min at 30 s: 60 samples later the drift is the new normal
        while (b.add(70, at(++i))) {
            assertThat(i - start).isLessThanOrEqualTo(60);
        }
        assertThat(i - start).isEqualTo(60);
        assertThat(b.level()).isEqualTo(70);

        RobustBaseline c = baseline();
        for (int k = 0; k < 100; k++) {
            c.add(k % 2 == 0 ? 49 : 51, at(k));
        }
        int k = 100;
        while (!c.add(70, at(k))) {
            k++;
        }
        for (int n = 0; n < 10; n++) {
            c.add(70, at(++k)); // the statistic is at its cap
        }
        int back = 0;
        while (c.add(50, at(++k))) {
            back++;
        }
        assertThat(back).isZero();
    }

    /** 40 with noise of sd 2, but 80 from 03:00 to 04:00 UTC (a nightly batch), at sample {@code i}. */
    private static double nightly(int i, SplittableRandom random) {
        int hour = (int) ((i * 30L / 3600) % 24);
        return (hour == 3 ? 80 : 40) + 2 * random.nextGaussian();
    }

    /** @return per day, how many of its samples drifted, over {@code days} of the nightly pattern */
    private static int[] driftsPerDay(RobustBaseline b, int days) {
        SplittableRandom random = new SplittableRandom(42);
        int[] drifts = new int[days];
        for (int i = 0; i < days * 2880; i++) {
            if (b.add(nightly(i, random), at(i))) {
                drifts[i / 2880]++;
            }
        }
        return drifts;
    }

    @Test
    void aDailyPatternDriftsOnlyOnItsFirstNightWithHourOfDayWhereTheFlatBaselineDriftsEveryNight() {
        int[] flat = driftsPerDay(new RobustBaseline(Duration.ofHours(1), 10, Duration.ofMinutes(30), false), 3);
        RobustBaseline hourly = new RobustBaseline(Duration.ofHours(1), 10, Duration.ofMinutes(30), true);
        int[] byHour = driftsPerDay(hourly, 3);

        // flat: every night, from its 4th sample after 03:00 to the new normal 30 min later (60 samples)
        assertThat(flat).containsExactly(60, 60, 60);
        // by hour: the first night as the flat one (no day of data yet), then never
        assertThat(byHour).containsExactly(60, 0, 0);
        assertThat(hourly.judgedByHour()).isTrue();
        assertThat(hourly.level()).isBetween(39.5, 40.5);
    }

    @Test
    void aStepAtAnHourThatIsNormallyLowIsStillADriftFromItsFourthSample() {
        RobustBaseline b = new RobustBaseline(Duration.ofHours(1), 10, Duration.ofMinutes(30), true);
        SplittableRandom random = new SplittableRandom(7);
        int i = 0;
        for (; i < 2 * 2880 + 10 * 120; i++) { // two days and ten hours: 10:00 on the third day
            b.add(nightly(i, random), at(i));
        }
        int firstDrift = -1;
        for (int k = 0; k < 20 && firstDrift < 0; k++, i++) {
            if (b.add(55 + 2 * random.nextGaussian(), at(i))) {
                firstDrift = k;
            }
        }
        assertThat(firstDrift).isEqualTo(3);
        assertThat(b.judgedByHour()).isTrue();
        assertThat(b.level()).isBetween(39.5, 40.5);
        assertThat(b.spread()).isBetween(1.5, 2.5);
    }
}
