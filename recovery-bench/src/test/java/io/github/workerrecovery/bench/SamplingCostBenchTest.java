package io.github.workerrecovery.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class SamplingCostBenchTest {

    @TempDir
    Path dir;

    @Test
    @EnabledOnOs(OS.LINUX) // the floor reads procfs
    void oneTinyRoundSamplesEveryProcessWithBothSamplersAndWritesOneRowPerCount() throws Exception {
        Path file = dir.resolve("sampling-cost.txt");
        SamplingCostBench.Options options = SamplingCostBench.Options.parse(
                new String[] {"--processes", "5,3", "--warmup", "0", "--rounds", "1", "--out", file.toString()});
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<SamplingCostRow> rows = SamplingCostBench.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(rows).extracting(SamplingCostRow::processes).containsExactly(5, 3);
        for (SamplingCostRow row : rows) {
            assertThat(row.leastSampledProcfs()).as("procfs: every process read").isEqualTo(row.processes());
            assertThat(row.leastSampledOshi()).as("oshi: every process read").isEqualTo(row.processes());
            assertThat(row.everyProcessSampled()).isTrue();
            assertThat(row.floor().count()).isEqualTo(1);
            assertThat(row.procfs().count()).isEqualTo(1);
            assertThat(row.procfsRatio()).isPositive();
            assertThat(row.oshiRatio()).isPositive();
            assertThat(row.host().medianMs()).isPositive();
        }
        List<String> table = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(table).hasSize(3);
        assertThat(table.get(0)).isEqualTo(SamplingCostRow.header())
                .startsWith("processes ").contains("floor: read stat+statm", "procfs round (default)", "oshi round",
                        "of which host (OSHI)");
        assertThat(table.get(1)).startsWith("5 ").isEqualTo(rows.get(0).format());
        assertThat(table.get(2)).startsWith("3 ").isEqualTo(rows.get(1).format());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(table.get(0), table.get(1), table.get(2));
    }

    @Test
    void defaultsAreTheIssuesCountsAndBadArgumentsAreNamed() {
        SamplingCostBench.Options defaults = SamplingCostBench.Options.parse(new String[0]);
        assertThat(defaults.processes()).containsExactly(100, 1000);
        assertThat(defaults.warmup()).isEqualTo(30);
        assertThat(defaults.rounds()).isEqualTo(25);
        assertThat(defaults.leakDetection()).isTrue();
        assertThat(SamplingCostBench.Options.parse(new String[] {"--no-leak-detection"}).leakDetection()).isFalse();
        assertThat(defaults.out().getFileName()).hasToString("sampling-cost.txt");

        assertThatThrownBy(() -> SamplingCostBench.Options.parse(new String[] {"--processes", "100,x"}))
                .hasMessage("--processes must be a number but was 'x'");
        assertThatThrownBy(() -> SamplingCostBench.Options.parse(new String[] {"--rounds", "0"}))
                .hasMessage("--rounds must be between 1 and 10000 but was 0");
        assertThatThrownBy(() -> SamplingCostBench.Options.parse(new String[] {"--warmup"}))
                .hasMessage("--warmup needs a value");
        assertThatThrownBy(() -> SamplingCostBench.Options.parse(new String[] {"--kills", "3"}))
                .hasMessage("unknown argument '--kills'");
    }

    @Test
    void aRowFormatsMediansPerProcessAndRatiosToTheFloor() {
        SamplingCostRow row = new SamplingCostRow(100, new LatencySummary(25, 2.0, 2.5, 3, 3),
                new LatencySummary(25, 3.0, 4.0, 5, 5), new LatencySummary(25, 20.0, 24.0, 30, 30),
                new LatencySummary(25, 0.15, 0.2, 0.3, 0.3), 100, 99);

        assertThat(row.procfsRatio()).isEqualTo(1.5);
        assertThat(row.oshiRatio()).isEqualTo(10.0);
        assertThat(row.everyProcessSampled()).as("one OSHI round missed a process").isFalse();
        assertThat(row.format()).isEqualTo("100        2.00 ms (20.0 µs/proc, p90 2.50)   "
                + "3.00 ms (30.0 µs/proc, p90 4.00)   1.50x   20.00 ms (200.0 µs/proc, p90 24.00)  10.0x   0.15 ms");
    }
}
