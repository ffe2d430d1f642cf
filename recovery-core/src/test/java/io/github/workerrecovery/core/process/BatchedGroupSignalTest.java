package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group signals made while a shared scan is open go out in batches, each group told its own result. */
class BatchedGroupSignalTest {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killStarted() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void concurrentGroupSignalsShareKillCommandsAndEachGroupGetsItsOwnAnswer() throws Exception {
        ProcessGroupTools tools = ProcessGroupTools.detect();
        assumeTrue(tools.groupsSupported(), "setsid and kill are needed");
        List<Process> leaders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // the child of a JVM is no group leader, so setsid execs in place: pid == pgid
            Process p = new ProcessBuilder(tools.setsid().orElseThrow().toString(), "sleep", "100").start();
            started.add(p);
            leaders.add(p);
        }
        for (Process p : leaders) {
            // setsid has exec'd once the child leads its own group
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessGroupTools.processGroupOf(p.pid()).orElse(-1) == p.pid());
        }
        try (SharedProcessScan scan = SharedProcessScan.open()) {
            List<CompletableFuture<Boolean>> real = new ArrayList<>();
            for (Process p : leaders) {
                real.add(CompletableFuture.supplyAsync(() -> tools.signalGroup(p.pid(), "TERM")));
            }
            CompletableFuture<Boolean> gone = CompletableFuture.supplyAsync(() -> tools.signalGroup(4_000_000, "TERM"));

            assertThat(real).allSatisfy(f -> assertThat(f.get(10, TimeUnit.SECONDS)).isTrue());
            assertThat(gone.get(10, TimeUnit.SECONDS)).isFalse();
        }
        for (Process p : leaders) {
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
