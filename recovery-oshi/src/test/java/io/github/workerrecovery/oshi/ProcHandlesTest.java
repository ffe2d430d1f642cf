package io.github.workerrecovery.oshi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcHandlesTest {

    private Process sleeper;

    @BeforeEach
    void startSleeper() throws Exception {
        assumeThat(ProcfsProcessReader.available()).as("Linux procfs").isTrue();
        sleeper = new ProcessBuilder("sleep", "600").start();
    }

    @AfterEach
    void stopSleeper() {
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aHeldFileReadsWhatItsPathReadsAndFollowsTheProcess() throws Exception {
        long pid = sleeper.pid();
        byte[] buffer = new byte[4096];
        try (ProcHandles handles = new ProcHandles(10)) {
            int n = handles.read(pid, ProcHandles.File.STAT, buffer);
            String held = new String(buffer, 0, n, StandardCharsets.US_ASCII);
            assertThat(held).startsWith(pid + " (sleep) ");
            assertThat(handles.size()).isEqualTo(1);
            // read again in place: the same record, formatted anew (same pid, start time field 22)
            int again = handles.read(pid, ProcHandles.File.STAT, buffer);
            assertThat(field(new String(buffer, 0, again, StandardCharsets.US_ASCII), 22)).isEqualTo(field(held, 22));
            // the resident pages as the path reads them, once the new process has settled (its
            // exec may still be loading pages at the first read)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                int m = handles.read(pid, ProcHandles.File.STATM, buffer);
                String statm = new String(buffer, 0, m, StandardCharsets.US_ASCII).strip();
                assertThat(statm.split(" ")).hasSize(7);
                assertThat(statm.split(" ")[1]).isEqualTo(
                        Files.readString(Path.of("/proc/" + pid + "/statm")).strip().split(" ")[1]);
            });

            sleeper.destroyForcibly();
            assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
            // the process is gone (and reaped): its held file says so, and the handle is dropped
            assertThat(handles.read(pid, ProcHandles.File.STAT, buffer)).isEqualTo(-1);
            assertThat(handles.size()).isZero();
        }
    }

    @Test
    void withoutRoomOrOnceNoLongerWatchedNothingIsHeld() throws Exception {
        byte[] buffer = new byte[4096];
        try (ProcHandles none = new ProcHandles(0)) {
            assertThat(none.read(sleeper.pid(), ProcHandles.File.STAT, buffer)).isEqualTo(-2);
            assertThat(none.size()).isZero();
        }
        try (ProcHandles handles = new ProcHandles(10)) {
            long self = ProcessHandle.current().pid();
            assertThat(handles.read(sleeper.pid(), ProcHandles.File.STAT, buffer)).isPositive();
            assertThat(handles.read(self, ProcHandles.File.STAT, buffer)).isPositive();
            assertThat(handles.size()).isEqualTo(2);
            handles.retainOnly(Set.of(self));
            assertThat(handles.size()).isEqualTo(1);
            assertThat(handles.read(Long.MAX_VALUE / 2, ProcHandles.File.STAT, buffer)).isEqualTo(-1);
            assertThat(handles.size()).isEqualTo(1);
        }
    }

    /** @return the n-th field (1-based) of a stat line, counted after the command's closing parenthesis */
    private static String field(String stat, int n) {
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return rest[n - 3];
    }
}
