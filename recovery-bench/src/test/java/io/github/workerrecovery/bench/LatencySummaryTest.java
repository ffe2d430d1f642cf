package io.github.workerrecovery.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    private static final long MS = 1_000_000L;

    @Test
    void oneToHundredMillisecondsGivesTheNearestRankPercentiles() {
        long[] samples = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * MS).toArray();

        LatencySummary s = LatencySummary.ofNanos(samples);

        assertThat(s.count()).isEqualTo(100);
        assertThat(s.medianMs()).isEqualTo(50.5);
        assertThat(s.p90Ms()).isEqualTo(90.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.maxMs()).isEqualTo(100.0);
        assertThat(samples[0]).as("input left unsorted").isEqualTo(100 * MS);
    }

    @Test
    void anOddCountHasTheMiddleSampleAsMedianAndASingleSampleIsEverything() {
        assertThat(LatencySummary.ofNanos(new long[] {3 * MS, 1 * MS, 2 * MS}).medianMs()).isEqualTo(2.0);
        LatencySummary one = LatencySummary.ofNanos(new long[] {1_500_000L});
        assertThat(one).isEqualTo(new LatencySummary(1, 1.5, 1.5, 1.5, 1.5));
    }

    @Test
    void rowsPrintTwoDecimals() {
        assertThat(new LatencySummary(200, 5.8, 6.125, 9.0, 12.345).row("bare"))
                .isEqualTo("bare                        200      5.80      6.13      9.00     12.35");
    }

    @Test
    void emptyOrNegativeSamplesAreRefused() {
        assertThatThrownBy(() -> LatencySummary.ofNanos(new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.ofNanos(new long[] {-1})).hasMessageContaining("negative");
    }
}
