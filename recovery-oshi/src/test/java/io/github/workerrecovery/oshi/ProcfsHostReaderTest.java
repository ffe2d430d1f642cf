package io.github.workerrecovery.oshi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcfsHostReaderTest {

    @Test
    void sumsTheFirstLineOfProcStatLeavingIdleAndIowaitOut() {
        byte[] stat = ("cpu  100 5 50 800 20 3 2 7 40 0\n"
                + "cpu0 50 2 25 400 10 1 1 3 20 0\nintr 123 4 5\n").getBytes(StandardCharsets.US_ASCII);
        long[] ticks = ProcfsHostReader.cpuTicks(stat, stat.length);
        // user..steal: 100+5+50+800+20+3+2+7 = 987; guest columns are already in user and nice
        assertThat(ticks).containsExactly(987 - 800 - 20, 987);
        byte[] notStat = "intr 1 2 3\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(ProcfsHostReader.cpuTicks(notStat, notStat.length)).isNull();
    }

    @Test
    void readsMeminfoFieldsByName() {
        byte[] meminfo = ("MemTotal:       24576000 kB\nMemFree:         1000 kB\nMemAvailable:   12288000 kB\n"
                + "SwapTotal:             0 kB\nSwapFree:              0 kB\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(ProcfsHostReader.field(meminfo, meminfo.length, "MemTotal:")).isEqualTo(24_576_000);
        assertThat(ProcfsHostReader.field(meminfo, meminfo.length, "MemAvailable:")).isEqualTo(12_288_000);
        assertThat(ProcfsHostReader.field(meminfo, meminfo.length, "SwapTotal:")).isZero();
        assertThat(ProcfsHostReader.field(meminfo, meminfo.length, "Hugepagesize:")).isEqualTo(-1);
    }

    @Test
    void readsThisHostAsOshiDoes() throws Exception {
        assumeThat(ProcfsProcessReader.available()).as("Linux procfs").isTrue();
        HostReader procfs = ProcfsHostReader.create().orElseThrow();
        long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                .findFirst().orElseThrow();
        assertThat(procfs.totalMemory()).isEqualTo(memTotalKb * 1024);
        HostReader oshi = OshiHostReader.create().orElseThrow();
        assertThat(procfs.totalMemory()).isEqualTo(oshi.totalMemory());
        HostLoad ours = procfs.read();
        HostLoad theirs = oshi.read();
        assertThat(ours.cpuPercent()).isBetween(0.0, 100.0);
        assertThat(ours.memoryPercent()).isCloseTo(theirs.memoryPercent(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(ours.swapPercent()).isCloseTo(theirs.swapPercent(), org.assertj.core.data.Offset.offset(1.0));
    }
}
