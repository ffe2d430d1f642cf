package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding and killing marked processes: real {@code sleep} processes started with marks in their environment. */
class MarkedProcessesTest {

    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final List<Process> spawned = new ArrayList<>();

    @AfterEach
    void killSpawned() {
        spawned.forEach(Process::destroyForcibly);
    }

    private Process sleeper(String markValue) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sleep", "600");
        builder.environment().put(ProcessMark.VARIABLE, markValue);
        Process p = builder.start();
        spawned.add(p);
        return p;
    }

    private static boolean running(Process p) {
        return ProcessGroupTools.isRunning(p.toHandle());
    }

    @Test
    void exactlyTheProcessesCarryingTheMarkAreKilledItsOwnOrInheritedFromAnOuterMonitor() throws Exception {
        String mine = run + "/w#0/1";
        String next = run + "/w#0/2";
        Process own = sleeper(mine);
        Process nested = sleeper("inner/x#0/1," + mine);
        Process replacement = sleeper(next);
        Process prefixOnly = sleeper(mine + "0");

        assertThat(MarkedProcesses.find(java.util.Set.of(mine)).get(mine))
                .containsExactlyInAnyOrder(own.pid(), nested.pid());

        List<Long> killed = MarkedProcesses.killAll(List.of(mine));

        assertThat(killed).containsExactlyInAnyOrder(own.pid(), nested.pid());
        assertThat(running(own)).isFalse();
        assertThat(running(nested)).isFalse();
        assertThat(running(replacement)).isTrue();
        assertThat(running(prefixOnly)).isTrue();
        assertThat(MarkedProcesses.killAll(List.of(mine))).isEmpty();
    }

    @Test
    void reapersThatAskAtOnceAreAllServed() throws Exception {
        List<Process> marked = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            marked.add(sleeper(run + "/w#" + i + "/1"));
        }
        ExecutorService reapers = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int i = 0; i < 8; i++) {
                String mark = run + "/w#" + i + "/1";
                reapers.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    MarkedProcesses.killAllCoalesced(mark);
                });
            }
            go.countDown();
            reapers.shutdown();
            assertThat(reapers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            reapers.shutdownNow();
        }

        assertThat(marked).noneMatch(MarkedProcessesTest::running);
    }
}
