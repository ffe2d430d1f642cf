package io.github.workerrecovery.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted monitor finds the processes of the previous run again: adopted or stopped, never a stranger. */
class AdoptionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private Process stranger;

    @AfterEach
    void cleanUp() {
        if (stranger != null) {
            stranger.destroyForcibly();
        }
    }

    private RecoveryConfig.Builder config(RecoveryConfig.ShutdownPolicy onShutdown, RecoveryConfig.OrphanPolicy onOrphans) {
        return RecoveryConfig.builder().home(home).notifiers(List.of())
                .healthCheckInterval(Duration.ofMillis(100))
                .verificationInterval(Duration.ofMillis(50))
                .gracefulStopTimeout(Duration.ofMillis(500))
                .onShutdown(onShutdown).onOrphans(onOrphans)
                .worker(WorkerSpec.builder("w").command("/bin/sh", ProcessSupervisionTest.script("sleeper.sh")).build());
    }

    private static InstanceStatus healthy(WorkerAutoRecovery r) {
        await().atMost(WAIT).until(() -> r.getSystemStatus().instances().size() == 1
                && r.getSystemStatus().instances().get(0).state() == WorkerState.HEALTHY
                && r.getSystemStatus().instances().get(0).pid().isPresent());
        return r.getSystemStatus().instances().get(0);
    }

    @Test
    void processesLeftRunningAreAdoptedWatchedAndStoppedByTheNextMonitor() {
        long pid;
        try (WorkerAutoRecovery first = new WorkerAutoRecovery(config(RecoveryConfig.ShutdownPolicy.LEAVE,
                RecoveryConfig.OrphanPolicy.ADOPT).build())) {
            first.startMonitoring();
            pid = healthy(first).pid().getAsLong();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        try (WorkerAutoRecovery second = new WorkerAutoRecovery(config(RecoveryConfig.ShutdownPolicy.STOP,
                RecoveryConfig.OrphanPolicy.ADOPT).build())) {
            second.startMonitoring();
            InstanceStatus adopted = healthy(second);
            assertThat(adopted.pid().getAsLong()).isEqualTo(pid);
            assertThat(adopted.restarts()).isZero();

            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // the adopted one dies: it is watched
            await().atMost(WAIT).until(() -> second.getSystemStatus().successfulRecoveries() == 1);
            pid = healthy(second).pid().getAsLong();
        }
        long last = pid;
        await().atMost(WAIT).until(() -> ProcessHandle.of(last).map(ProcessHandle::isAlive).orElse(false) == false);
    }

    @Test
    void processesLeftRunningAreStoppedWhenTheNextMonitorIsToldTo() {
        long pid;
        try (WorkerAutoRecovery first = new WorkerAutoRecovery(config(RecoveryConfig.ShutdownPolicy.LEAVE,
                RecoveryConfig.OrphanPolicy.ADOPT).build())) {
            first.startMonitoring();
            pid = healthy(first).pid().getAsLong();
        }

        try (WorkerAutoRecovery second = new WorkerAutoRecovery(config(RecoveryConfig.ShutdownPolicy.STOP,
                RecoveryConfig.OrphanPolicy.STOP).build())) {
            second.startMonitoring();
            long fresh = healthy(second).pid().getAsLong();
            assertThat(fresh).isNotEqualTo(pid);
            long old = pid;
            await().atMost(WAIT).until(() -> ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false) == false);
        }
    }

    @Test
    void aReusedPidIsNeverAdopted() throws Exception {
        // a stranger now holds the pid the state file remembers, but it started at another instant
        stranger = new ProcessBuilder("sleep", "600").start();
        long pid = stranger.pid();
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/instances.json"), """
                {"instances": [{"worker": "w", "slot": 0, "pid": %d,
                  "start_time": "2020-01-01T00:00:00Z", "command": ["/bin/sh", "sleeper.sh"]}]}
                """.formatted(pid));

        try (WorkerAutoRecovery r = new WorkerAutoRecovery(config(RecoveryConfig.ShutdownPolicy.STOP,
                RecoveryConfig.OrphanPolicy.ADOPT).build())) {
            r.startMonitoring();
            long ours = healthy(r).pid().getAsLong();

            assertThat(ours).isNotEqualTo(pid);
            assertThat(stranger.isAlive()).isTrue();
        }
        assertThat(stranger.isAlive()).isTrue(); // closing stops only what is ours
    }
}
