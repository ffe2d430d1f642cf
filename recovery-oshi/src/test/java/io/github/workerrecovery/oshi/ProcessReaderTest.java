package io.github.workerrecovery.oshi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The procfs reader against real processes, checked against OSHI's reading of the same ones. */
class ProcessReaderTest {

    private final ChildProcesses children = new ChildProcesses();
    private final ProcfsProcessReader procfs = new ProcfsProcessReader(KernelUnits.ofThisKernel());
    private final OshiProcessReader oshi = OshiProcessReader.create().orElseThrow();

    @AfterEach
    void killChildren() {
        children.close();
    }

    @Test
    void procfsReadsWhatOshiReadsForTheSameProcess() throws Exception {
        long pid = children.start("sleep", "600").pid();

        ProcessSample[] pair = new ProcessSample[2];
        // right after exec the loader still maps pages: wait for two reads of a settled process
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            pair[0] = procfs.read(Set.of(pid), Set.of()).samples().get(pid);
            pair[1] = oshi.read(Set.of(pid), Set.of()).samples().get(pid);
            return pair[0].rssBytes() == pair[1].rssBytes();
        });
        ProcessSample fromProcfs = pair[0];
        ProcessSample fromOshi = pair[1];

        assertThat(fromProcfs.pid()).isEqualTo(pid);
        assertThat(fromProcfs.parentPid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(fromProcfs.parentPid()).isEqualTo(fromOshi.parentPid());
        assertThat(fromProcfs.threads()).isEqualTo(1).isEqualTo(fromOshi.threads());
        assertThat(fromProcfs.rssBytes()).isPositive().isEqualTo(fromOshi.rssBytes());
        assertThat(fromProcfs.openFds()).isEqualTo(fromOshi.openFds());
        // CPU times: procfs in clock ticks, OSHI in milliseconds; a sleeping process used a few ms at most
        assertThat(Math.abs(fromProcfs.cpuNanos() - fromOshi.cpuNanos())).isLessThanOrEqualTo(10_000_000L);
    }

    @Test
    void treeOfAShellWithTwoChildrenIsReadInOnePassByBothReaders() throws Exception {
        long shell = children.start("/bin/sh", "-c", "sleep 600 & sleep 600 & wait").pid();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(shell).orElseThrow().children().count() == 2);

        for (ProcessReader reader : List.of(procfs, oshi)) {
            ProcessTable table = reader.read(Set.of(shell), Set.of(shell));

            assertThat(table.descendants().get(shell)).as(reader.name()).hasSize(2);
            assertThat(table.samples().keySet()).as(reader.name()).containsExactlyInAnyOrder(
                    shell, table.descendants().get(shell).get(0), table.descendants().get(shell).get(1));
            assertThat(table.samples().values()).as(reader.name()).allMatch(s -> s.threads() == 1);
        }
    }

    @Test
    void processThatIsGoneBeforeTheReadIsAbsentNotAnError() throws Exception {
        Process process = children.start("sleep", "600");
        long pid = process.pid();
        long alive = children.start("sleep", "600").pid();
        process.destroyForcibly().waitFor();

        for (ProcessReader reader : List.of(procfs, oshi)) {
            ProcessTable table = reader.read(Set.of(pid, alive), Set.of(pid));

            assertThat(table.samples().keySet()).as(reader.name()).containsExactly(alive);
            assertThat(table.descendants()).as(reader.name()).isEmpty();
        }
    }

    @Test
    void statLineWithSpacesAndParenthesesInTheCommandNameIsParsed() {
        byte[] line = ("4242 (my (odd) worker) S 1 4242 4242 0 -1 4194560 120 0 0 0 "
                + "250 75 0 0 20 0 3 0 987654 123456789 2048 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n")
                .getBytes(StandardCharsets.US_ASCII);

        ProcStat stat = ProcStat.parse(line, line.length);

        assertThat(stat).isEqualTo(new ProcStat('S', 1, 250, 75, 3, 987654, 2048));
        assertThat(stat.zombie()).isFalse();
    }

    @Test
    void kernelUnitsComeFromTheAuxiliaryVector() {
        ByteBuffer auxv = ByteBuffer.allocate(8 * 8).order(ByteOrder.nativeOrder());
        auxv.putLong(17).putLong(250).putLong(6).putLong(16384).putLong(3).putLong(0x400040).putLong(0).putLong(0);

        assertThat(KernelUnits.parse(auxv.array(), true)).isEqualTo(new KernelUnits(250, 16384));
        assertThat(KernelUnits.parse(new byte[0], true)).isEqualTo(KernelUnits.USUAL);
        assertThat(KernelUnits.ofThisKernel()).isEqualTo(new KernelUnits(100, 4096));
    }
}
