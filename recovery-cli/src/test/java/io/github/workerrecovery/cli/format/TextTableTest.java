package io.github.workerrecovery.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsArePaddedToTheWidestCellAndNumbersCanBeRightAligned() {
        String table = new TextTable("WORKER", "PID", "REASON").alignRight(1)
                .row("echo", 7, "")
                .row("a-long-name", 12345, "exited with\ncode 3")
                .render();

        assertThat(table).isEqualTo("""
                WORKER         PID  REASON
                echo             7  -
                a-long-name  12345  exited with code 3
                """);
    }

    @Test
    void aRowMustHaveACellPerColumn() {
        assertThatThrownBy(() -> new TextTable("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsUseTheirLargestUsefulUnits() {
        assertThat(Formats.duration(Duration.ofMillis(-5))).isEqualTo("0ms");
        assertThat(Formats.duration(Duration.ofMillis(350))).isEqualTo("350ms");
        assertThat(Formats.duration(Duration.ofMillis(4_240))).isEqualTo("4.2s");
        assertThat(Formats.duration(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Formats.duration(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(Formats.duration(Duration.ofMinutes(123))).isEqualTo("2h03m");
        assertThat(Formats.duration(Duration.ofHours(76))).isEqualTo("3d04h");
    }

    @Test
    void instantsArePrintedInUtcToTheSecond() {
        assertThat(Formats.instant(Instant.parse("2026-11-29T14:03:12.999Z"))).isEqualTo("2026-11-29T14:03:12Z");
        assertThat(Formats.percent(2.0 / 3)).isEqualTo("67%");
    }
}
