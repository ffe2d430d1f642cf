package io.github.workerrecovery.oshi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Theil–Sen trend and the leak rule on synthetic series, one sample per second. */
class MemoryTrendTest {

    private static final long MIB = 1024 * 1024;
    private static final long SECOND = 1_000_000_000L;
    private static final LeakRule RULE = new LeakRule(10, 0.05, 0.7, Duration.ofMinutes(30));

    /** @return a 30-sample trend of {@code mib(i)} MiB at second i */
    private static MemoryTrend series(int samples, IntToDoubleFunction mib) {
        MemoryTrend trend = new MemoryTrend(30);
        for (int i = 0; i < samples; i++) {
            trend.add(5 * SECOND + i * SECOND, Math.round(mib.applyAsDouble(i) * MIB));
        }
        return trend;
    }

    @Test
    void linearGrowthIsALeakWithItsExactSlopeAndTimeToTheThreshold() {
        MemoryTrend trend = series(20, i -> 100 + i); // 1 MiB/s from 100 MiB: 119 MiB at the 20th second

        Optional<LeakPrediction> leak = RULE.judge(trend, 200 * MIB);

        assertThat(leak).isPresent();
        assertThat(leak.get().fit().slopeBytesPerSecond()).isEqualTo(MIB);
        assertThat(leak.get().fit().fittedNowBytes()).isEqualTo(119.0 * MIB);
        assertThat(leak.get().fit().agreement()).isEqualTo(1.0);
        assertThat(leak.get().timeToThreshold()).isEqualTo(Duration.ofSeconds(81));
        assertThat(ReasonText.rate(leak.get().fit().slopeBytesPerSecond())).isEqualTo("60.0 MiB/min");
    }

    @Test
    void growthThatCrossesOnlyBeyondTheHorizonIsNotActedOnYet() {
        MemoryTrend trend = series(20, i -> 100 + i);

        assertThat(new LeakRule(10, 0.05, 0.7, Duration.ofSeconds(80)).judge(trend, 200 * MIB)).isEmpty();
        assertThat(new LeakRule(10, 0.05, 0.7, Duration.ofSeconds(81)).judge(trend, 200 * MIB)).isPresent();
    }

    @ParameterizedTest(name = "period {0} s, phase {1}")
    @CsvSource({"3,0", "4,1", "5,0", "5,2", "6,3", "8,0", "8,4", "10,0", "10,5", "13,0", "13,6"})
    void sawToothOfAHealthyHeapIsNotALeak(int period, int phase) {
        // rises 100 MiB over each period, then a collection drops it back to 200 MiB
        MemoryTrend trend = series(30, i -> 200 + 100.0 * ((i + phase) % period) / period);

        assertThat(RULE.judge(trend, 400 * MIB)).isEmpty();
    }

    @Test
    void sawToothWithNoiseIsNotALeak() {
        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            int phase = random.nextInt(7);
            double[] noise = random.doubles(30, -5, 5).toArray();
            MemoryTrend trend = series(30, i -> 200 + 100.0 * ((i + phase) % 7) / 7 + noise[i]);

            assertThat(RULE.judge(trend, 400 * MIB)).as("run %d", run).isEmpty();
        }
    }

    @Test
    void flatNoiseIsNotALeak() {
        Random random = new Random(7);
        for (int run = 0; run < 50; run++) {
            double[] noise = random.doubles(30, -10, 10).toArray();
            MemoryTrend trend = series(30, i -> 300 + noise[i]);

            assertThat(RULE.judge(trend, 400 * MIB)).as("run %d", run).isEmpty();
        }
    }

    @Test
    void aLeakUnderAGarbageCollectedSawToothIsStillALeak() {
        // the lows rise by 2 MiB/s while a 40 MiB saw-tooth with a 5 s period rides on top
        MemoryTrend trend = series(30, i -> 200 + 2.0 * i + 40.0 * (i % 5) / 5);

        Optional<LeakPrediction> leak = RULE.judge(trend, 1024 * MIB);

        assertThat(leak).isPresent();
        assertThat(leak.get().fit().relativeFloorRise()).isGreaterThan(0.05);
    }

    @Test
    void aSingleOutlierDoesNotMoveTheSlope() {
        MemoryTrend spikeInLeak = series(20, i -> i == 10 ? 900 : 100 + i);
        MemoryTrend spikeInFlat = series(20, i -> i == 19 ? 900 : 100);

        Optional<LeakPrediction> leak = RULE.judge(spikeInLeak, 200 * MIB);
        assertThat(leak).isPresent();
        assertThat(leak.get().fit().slopeBytesPerSecond()).isEqualTo(MIB);
        assertThat(leak.get().timeToThreshold()).isEqualTo(Duration.ofSeconds(81));
        assertThat(RULE.judge(spikeInFlat, 200 * MIB)).isEmpty();
        assertThat(spikeInFlat.fit().orElseThrow().slopeBytesPerSecond()).isZero();
    }

    @Test
    void tooFewSamplesGiveNoVerdict() {
        MemoryTrend nine = series(9, i -> 100 + 50 * i);

        assertThat(RULE.judge(nine, 1000 * MIB)).isEmpty();
        assertThat(RULE.judge(series(10, i -> 100 + 50 * i), 1000 * MIB)).isPresent();
        assertThat(new MemoryTrend(30).fit()).isEmpty();
        assertThat(series(3, i -> 100 + i).fit()).isEmpty();
    }

    @Test
    void shrinkingOrSlowGrowthIsNotALeak() {
        assertThat(RULE.judge(series(20, i -> 300 - i), 400 * MIB)).isEmpty();
        // 0.1 MiB/s on 300 MiB: under 1 % over the window, below the 5 % minimum
        assertThat(RULE.judge(series(20, i -> 300 + 0.1 * i), 301 * MIB)).isEmpty();
    }

    @Test
    void alreadyAtTheThresholdCrossesNow() {
        Optional<LeakPrediction> leak = RULE.judge(series(20, i -> 100 + i), 110 * MIB);

        assertThat(leak).isPresent();
        assertThat(leak.get().timeToThreshold()).isEqualTo(Duration.ZERO);
    }

    @Test
    void theWindowSlidesAndIrregularSpacingIsFine() {
        MemoryTrend trend = new MemoryTrend(10);
        // 40 flat samples first, then 10 growing ones 0.5 to 3 s apart: only the growth is left
        long at = 0;
        for (int i = 0; i < 40; i++) {
            trend.add(at += SECOND, 100 * MIB);
        }
        long[] gaps = {500, 3000, 1000, 2500, 700, 1800, 1200, 2000, 900, 1400};
        long rss = 100 * MIB;
        for (long gapMs : gaps) {
            at += gapMs * 1_000_000L;
            rss += gapMs * MIB / 1000; // 1 MiB/s whatever the spacing
            trend.add(at, rss);
        }

        TrendFit fit = trend.fit().orElseThrow();
        assertThat(trend.size()).isEqualTo(10);
        assertThat(fit.slopeBytesPerSecond()).isCloseTo(MIB, within(1.0));
        assertThat(fit.agreement()).isEqualTo(1.0);
    }

    @Test
    void theSelectedMediansAreExactlyThoseOfASort() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = 4 + random.nextInt(27);
            MemoryTrend trend = new MemoryTrend(30);
            double[] t = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = i;
                // many ties on purpose: a flat process repeats its value
                y[i] = random.nextInt(4) == 0 ? 100 * MIB : (100 + random.nextInt(20)) * MIB;
                trend.add(i * SECOND, (long) y[i]);
            }
            java.util.List<Double> slopes = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    slopes.add((y[j] - y[i]) / (t[j] - t[i]));
                }
            }
            double slope = sortedMedian(slopes);
            java.util.List<Double> offsets = new java.util.ArrayList<>();
            java.util.List<Double> levels = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                offsets.add(y[i] - slope * t[i]);
                levels.add(y[i]);
            }
            TrendFit fit = trend.fit().orElseThrow();
            assertThat(fit.slopeBytesPerSecond()).isEqualTo(slope);
            assertThat(fit.fittedNowBytes()).isEqualTo(sortedMedian(offsets) + slope * t[n - 1]);
            double level = sortedMedian(levels);
            assertThat(fit.relativeGrowth()).isEqualTo(slope * (t[n - 1] - t[0]) / level);
        }
    }

    private static double sortedMedian(java.util.List<Double> values) {
        java.util.List<Double> sorted = new java.util.ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
