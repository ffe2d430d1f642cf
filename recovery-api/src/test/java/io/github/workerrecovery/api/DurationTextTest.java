package io.github.workerrecovery.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void writesEachValueInTheUnitAPersonReads() {
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(DurationText.format(Duration.ofMillis(300))).isEqualTo("300 ms");
        assertThat(DurationText.format(Duration.ofNanos(1_500_000))).isEqualTo("1.5 ms");
        assertThat(DurationText.format(Duration.ofSeconds(1))).isEqualTo("1 s");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(DurationText.format(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(DurationText.format(Duration.ofSeconds(150))).isEqualTo("2.5 min");
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90 min");
        assertThat(DurationText.format(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(DurationText.format(Duration.ofMinutes(150))).isEqualTo("2.5 h");
    }

    @Test
    void negativeValuesKeepTheirSign() {
        assertThat(DurationText.format(Duration.ofSeconds(-5))).isEqualTo("-5 s");
        assertThat(DurationText.format(Duration.ofMillis(-5000))).isEqualTo("-5 s");
    }
}
