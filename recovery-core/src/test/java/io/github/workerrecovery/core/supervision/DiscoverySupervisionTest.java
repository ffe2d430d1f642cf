package io.github.workerrecovery.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.process.workers.ForeignProcess;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine watching processes it did not start, found by their command line. */
class DiscoverySupervisionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final RecordingNotifier sages = new RecordingNotifier();
    private final List<WorkerAutoRecovery> opened = new ArrayList<>();
    private final List<ForeignProcess> foreign = new ArrayList<>();
    private final List<Long> startedByRestartCommand = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        opened.forEach(WorkerAutoRecovery::close);
        foreign.forEach(ForeignProcess::close);
        startedByRestartCommand.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
    }

    private WorkerAutoRecovery start(WorkerSpec worker) {
        WorkerAutoRecovery r = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of()).notifier(sages)
                .healthCheckInterval(Duration.ofMillis(100))
                .verificationInterval(Duration.ofMillis(50))
                .verificationWindow(Duration.ofSeconds(5))
                .restartBackoffBase(Duration.ofMillis(50))
                .restartCooldown(Duration.ofMillis(200))
                .gracefulStopTimeout(Duration.ofMillis(500))
                .worker(worker).build());
        opened.add(r);
        r.startMonitoring();
        return r;
    }

    private ForeignProcess startForeign() throws Exception {
        ForeignProcess p = ForeignProcess.start(ForeignProcess.uniqueMarker());
        foreign.add(p);
        return p;
    }

    private static InstanceStatus instance(WorkerAutoRecovery r) {
        List<InstanceStatus> list = r.getSystemStatus().instancesOf("d");
        return list.isEmpty() ? null : list.get(0);
    }

    private static void awaitWatching(WorkerAutoRecovery r, long pid) {
        await().atMost(WAIT).until(() -> {
            InstanceStatus i = instance(r);
            return i != null && i.state() == WorkerState.HEALTHY && i.pid().isPresent() && i.pid().getAsLong() == pid;
        });
    }

    @Test
    void deathOfADiscoveredProcessIsSeenAndRestartIsRefusedWithoutARestartCommand() throws Exception {
        ForeignProcess outside = startForeign();
        WorkerAutoRecovery r = start(WorkerSpec.builder("d").maxRestartAttempts(1)
                .discover(WorkerSpec.Discovery.commandLine(Pattern.quote(outside.marker()))).build());
        awaitWatching(r, outside.pid());

        outside.close();

        await().atMost(WAIT).until(() -> instance(r).state() == WorkerState.FAILED);
        // the history record is appended on the store's own lane, after the verdict
        await().atMost(WAIT).until(() -> !r.history(HistoryQuery.latest(5)).isEmpty());
        RecoveryOutcome refused = r.history(HistoryQuery.latest(5)).get(0);
        assertThat(refused.failure()).isEqualTo(FailureKind.PROCESS_EXITED);
        assertThat(refused.action()).isEqualTo("restart");
        assertThat(refused.success()).isFalse();
        assertThat(refused.detail()).isEqualTo("worker 'd' watches discovered processes (command_line /"
                + Pattern.quote(outside.marker()) + "/) and has no restart_command: restart and graceful_restart are refused");
        assertThat(instance(r).lastReason()).startsWith("Worker d failed after 1 restart attempts (PROCESS_EXITED: ");
    }

    @Test
    void restartCommandReplacesADiscoveredProcessThatDied() throws Exception {
        ForeignProcess outside = startForeign();
        WorkerAutoRecovery r = start(WorkerSpec.builder("d")
                .discover(WorkerSpec.Discovery.commandLine(Pattern.quote(outside.marker())))
                .restartCommand(List.of("/bin/sh", ForeignProcess.script(), outside.marker())).build());
        awaitWatching(r, outside.pid());

        outside.close();

        await().atMost(WAIT).until(() -> r.getSystemStatus().successfulRecoveries() == 1);
        long replacement = instance(r).pid().orElseThrow();
        startedByRestartCommand.add(replacement);
        assertThat(replacement).isNotEqualTo(outside.pid());
        assertThat(ProcessHandle.of(replacement).orElseThrow().info().commandLine().orElseThrow())
                .endsWith(ForeignProcess.script() + " " + outside.marker());
        await().atMost(WAIT).until(() -> !r.history(HistoryQuery.latest(5)).isEmpty()); // appended on the store's lane
        assertThat(r.history(HistoryQuery.latest(5)).get(0).action()).isEqualTo("restart");
    }

    @Test
    void closingTheMonitorLeavesDiscoveredProcessesRunning() throws Exception {
        ForeignProcess outside = startForeign();
        WorkerAutoRecovery r = start(WorkerSpec.builder("d")
                .discover(WorkerSpec.Discovery.commandLine(Pattern.quote(outside.marker()))).build());
        awaitWatching(r, outside.pid());

        r.close();

        assertThat(outside.handle().isAlive()).isTrue();
        assertThat(r.getSystemStatus().monitoring()).isFalse();
    }
}
