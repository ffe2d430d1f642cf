package io.github.workerrecovery.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine supervising real OS processes on the real scheduler, with short intervals. */
class ProcessSupervisionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final RecordingNotifier sages = new RecordingNotifier();
    private final List<WorkerAutoRecovery> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(WorkerAutoRecovery::close);
    }

    static String script(String name) {
        try {
            return Path.of(ProcessSupervisionTest.class.getResource("/workers/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private RecoveryConfigBuilder config() {
        return RecoveryConfig.builder().home(home)
                .notifiers(List.of()).notifier(sages)
                .healthCheckInterval(Duration.ofMillis(100))
                .consecutiveChecks(2)
                .verificationInterval(Duration.ofMillis(50))
                .verificationWindow(Duration.ofSeconds(5))
                .restartBackoffBase(Duration.ofMillis(50))
                .restartCooldown(Duration.ofMillis(200))
                .gracefulStopTimeout(Duration.ofMillis(500));
    }

    private WorkerAutoRecovery start(RecoveryConfig config) {
        WorkerAutoRecovery r = new WorkerAutoRecovery(config);
        opened.add(r);
        r.startMonitoring();
        return r;
    }

    private static InstanceStatus instance(WorkerAutoRecovery r, String worker) {
        List<InstanceStatus> list = r.getSystemStatus().instancesOf(worker);
        return list.isEmpty() ? null : list.get(0);
    }

    private static long runningPid(WorkerAutoRecovery r, String worker) {
        await().atMost(WAIT).until(() -> {
            InstanceStatus i = instance(r, worker);
            return i != null && i.pid().isPresent();
        });
        return instance(r, worker).pid().getAsLong();
    }

    static boolean alive(long pid) {
        // a zombie waiting for its parent to reap it runs nothing: count it as gone
        Path stat = Path.of("/proc/" + pid + "/stat");
        try {
            String s = Files.readString(stat);
            return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void crashedWorkerIsReplacedByANewProcess() {
        WorkerAutoRecovery r = start(config().worker(WorkerSpec.builder("w").command("/bin/sh", script("sleeper.sh")).build()).build());
        long first = runningPid(r, "w");

        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        await().atMost(WAIT).until(() -> r.getSystemStatus().successfulRecoveries() == 1);
        InstanceStatus now = instance(r, "w");
        assertThat(now.pid()).isPresent();
        assertThat(now.pid().getAsLong()).isNotEqualTo(first);
        assertThat(now.state()).isEqualTo(WorkerState.HEALTHY);
        assertThat(now.restarts()).isEqualTo(1);
        assertThat(alive(now.pid().getAsLong())).isTrue();
    }

    @Test
    void workerThatIgnoresSigtermIsKilledAfterTheGracefulTimeout() throws Exception {
        WorkerAutoRecovery r = start(config().worker(WorkerSpec.builder("w").command("/bin/sh", script("ignore-term.sh"))
                .gracefulStopTimeout(Duration.ofMillis(700)).build()).build());
        long first = runningPid(r, "w");
        await().atMost(WAIT).until(() -> Files.readString(home.resolve("logs/w.out")).contains("ready"));

        RecoveryOutcome o = r.manualRecovery("w", "graceful_restart").get(20, TimeUnit.SECONDS);

        assertThat(o.success()).isTrue();
        assertThat(o.detail()).contains("pid " + first).contains("ignored SIGTERM for 700 ms, killed");
        assertThat(alive(first)).isFalse();
        assertThat(instance(r, "w").pid().getAsLong()).isNotEqualTo(first);
    }

    @Test
    void noDescendantSurvivesARestartOrClose() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.github.workerrecovery.core.process.workers.TestWorker", "fork-children", "2", "silent");
        WorkerAutoRecovery r = start(config().worker(WorkerSpec.builder("w").command(command).build()).build());
        List<Long> before = childPids(2);
        assertThat(before).allMatch(ProcessSupervisionTest::alive);

        r.manualRecovery("w", "restart").get(20, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> before.stream().noneMatch(ProcessSupervisionTest::alive));
        List<Long> after = childPids(4).subList(2, 4);
        assertThat(after).allMatch(ProcessSupervisionTest::alive);
        long root = runningPid(r, "w");

        r.close();

        assertThat(alive(root)).isFalse();
        assertThat(after).noneMatch(ProcessSupervisionTest::alive);
    }

    /** Waits until the worker's stdout log names {@code count} child pids in all, and returns them. */
    private List<Long> childPids(int count) {
        Pattern p = Pattern.compile("child (\\d+)");
        List<Long> pids = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            pids.clear();
            Path out = home.resolve("logs/w.out");
            if (Files.exists(out)) {
                Matcher m = p.matcher(Files.readString(out));
                while (m.find()) {
                    pids.add(Long.parseLong(m.group(1)));
                }
            }
            return pids.size() >= count;
        });
        return List.copyOf(pids);
    }

    @Test
    void crashLoopingWorkerIsSpawnedBudgetPlusOneTimesThenFailedWithOneCriticalAlert() throws Exception {
        Path starts = home.resolve("starts.txt");
        WorkerAutoRecovery r = start(config().maxRestartAttempts(3)
                .worker(WorkerSpec.builder("w").critical(true).command("/bin/sh", script("crash-counting.sh"), starts.toString()).build()).build());

        await().atMost(WAIT).until(() -> instance(r, "w") != null && instance(r, "w").state() == WorkerState.FAILED);

        assertThat(Files.readAllLines(starts)).hasSize(4);
        assertThat(instance(r, "w").lastReason())
                .startsWith("Worker w failed after 3 restart attempts")
                .contains("exited with code 3")
                .contains("fatal: cannot connect to 127.0.0.1:5432");
        await().atMost(WAIT).until(() -> sages.incidents().stream().anyMatch(a -> a.severity() == AlertSeverity.CRITICAL));
        List<IncidentAlert> critical = sages.incidents().stream().filter(a -> a.severity() == AlertSeverity.CRITICAL).toList();
        assertThat(critical).singleElement().satisfies(a -> assertThat(a.message()).startsWith("Worker w failed after 3 restart attempts"));
        assertThat(Files.readAllLines(starts)).hasSize(4); // and nothing more is tried
    }

    @Test
    void missingExecutableIsDeadWithTheReasonAndNeverSpawnsBeyondTheBudget() {
        WorkerAutoRecovery r = start(config().maxRestartAttempts(2)
                .worker(WorkerSpec.builder("w").command("/no/such/worker-binary", "--flag").build()).build());

        await().atMost(WAIT).until(() -> instance(r, "w") != null && instance(r, "w").state() == WorkerState.FAILED);

        assertThat(instance(r, "w").lastReason()).contains("/no/such/worker-binary");
        await().atMost(WAIT).until(() -> sages.incidents().size() == 2);
        assertThat(sages.incidents()).extracting(IncidentAlert::severity).containsExactly(AlertSeverity.HIGH, AlertSeverity.CRITICAL);
        assertThat(sages.incidents().get(0).message()).contains("START_FAILED").contains("/no/such/worker-binary");
        assertThat(sages.tasks().stream().filter(t -> t.stage() == RecoveryTask.Stage.STARTED)).hasSize(2);
    }

    @Test
    void staleHeartbeatFileTriggersAGracefulRestart() throws Exception {
        Path beat = home.resolve("w.heartbeat");
        // the ladder's first rung for a stale heartbeat, without the learned choice's exploration
        WorkerAutoRecovery r = start(config().strategySelection(RecoveryConfig.StrategySelection.LADDER).worker(WorkerSpec.builder("w")
                .command("/bin/sh", script("heartbeat.sh"), beat.toString(), "10")
                .heartbeatTimeout(Duration.ofMillis(1500))
                .probe("heartbeat", Map.of("file", beat.toString())).build()).build());
        long first = runningPid(r, "w");

        await().atMost(WAIT).until(() -> r.getSystemStatus().successfulRecoveries() == 1);

        await().atMost(WAIT).until(() -> !r.history(HistoryQuery.latest(5)).isEmpty()); // appended on the store's lane
        RecoveryOutcome o = r.history(HistoryQuery.latest(5)).get(0);
        assertThat(o.failure()).isEqualTo(FailureKind.HEARTBEAT_TIMEOUT);
        assertThat(o.action()).isEqualTo("graceful_restart");
        assertThat(instance(r, "w").pid().getAsLong()).isNotEqualTo(first);
        assertThat(alive(first)).isFalse();
    }

    @Test
    void noisyButSubThresholdWorkerIsNeverRestarted() {
        FakeProbe counter = new FakeProbe("counter"); // always healthy: counts the rounds
        // the static threshold alone: a rate climbing from nothing is a drift, an early WARNING (see prediction)
        WorkerAutoRecovery r = start(config().probe(counter).prediction(PredictionConfig.ofDefaults().withEnabled(false)).worker(WorkerSpec.builder("w").command("/bin/sh", script("noisy.sh"))
                .errorRateThreshold(600).probe("error_rate", Map.of("enabled", true)).build()).build());
        long first = runningPid(r, "w");

        // 30 rounds, 100 ms apart: the rate climbs to ~15/min in that time, far below 600/min
        await().atMost(WAIT).until(() -> counter.checks("w") >= 30);

        InstanceStatus now = instance(r, "w");
        assertThat(now.metrics().get("errors_per_minute")).isGreaterThan(0.0);
        assertThat(now.state()).isEqualTo(WorkerState.HEALTHY);
        assertThat(now.pid().getAsLong()).isEqualTo(first);
        assertThat(r.getSystemStatus().totalRecoveries()).isZero();
        assertThat(sages.tasks()).isEmpty();
    }
}
