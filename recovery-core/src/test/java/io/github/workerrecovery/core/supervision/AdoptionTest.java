package io.github.workerrecovery.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private RecoveryConfigBuilder config(RecoveryConfig.ShutdownPolicy onShutdown, RecoveryConfig.OrphanPolicy onOrphans) {
        return config(onShutdown, onOrphans, WorkerSpec.builder("w").command("/bin/sh", ProcessSupervisionTest.script("sleeper.sh")).build());
    }

    private RecoveryConfigBuilder config(RecoveryConfig.ShutdownPolicy onShutdown, RecoveryConfig.OrphanPolicy onOrphans,
                                          WorkerSpec worker) {
        return RecoveryConfig.builder().home(home).notifiers(List.of())
                .healthCheckInterval(Duration.ofMillis(100))
                .verificationInterval(Duration.ofMillis(50))
                .gracefulStopTimeout(Duration.ofMillis(500))
                .onShutdown(onShutdown).onOrphans(onOrphans)
                .worker(worker);
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
            assertThat(followerThreads()).isEqualTo(1);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        // closing the monitor stopped the home's log follower, though its worker runs on
        assertThat(followerThreads()).isZero();

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
    void aChattyWorkerOutlivesItsMonitorsJvmKeepsWritingAndIsAdoptedWithItsErrorRate() throws Exception {
        String chatty = ProcessSupervisionTest.script("chatty.sh");
        Path monitorOutput = home.resolve("first-monitor.txt");
        Process first = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), FirstMonitor.class.getName(), home.toString(), "/bin/sh", chatty)
                .redirectErrorStream(true).redirectOutput(monitorOutput.toFile()).start();
        assertThat(first.waitFor(WAIT.toSeconds() * 3, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(monitorOutput)).isZero();
        Matcher pidLine = Pattern.compile("(?m)^pid (\\d+)$").matcher(Files.readString(monitorOutput));
        assertThat(pidLine.find()).isTrue();
        long pid = Long.parseLong(pidLine.group(1));

        // the monitor's JVM is gone with every descriptor it held: the worker writes on into its
        // files (a pipe without a reader would have killed it with SIGPIPE at the first echo)
        Path out = home.resolve("logs/w.out");
        long lastWithMonitor = lastLineNumber(out);
        await().atMost(WAIT).until(() -> lastLineNumber(out) >= lastWithMonitor + 10);
        assertThat(ProcessSupervisionTest.alive(pid)).isTrue();

        try (WorkerAutoRecovery second = new WorkerAutoRecovery(config(RecoveryConfig.ShutdownPolicy.STOP,
                RecoveryConfig.OrphanPolicy.ADOPT, WorkerSpec.builder("w").command("/bin/sh", chatty)
                        .errorRateThreshold(10_000).probe("error_rate", Map.of("enabled", true)).build()).build())) {
            second.startMonitoring();
            assertThat(healthy(second).pid()).hasValue(pid);
            long lastAtAdoption = lastLineNumber(out);

            // its stderr file is followed: the adopted worker has an error rate
            await().atMost(WAIT).until(() -> second.getSystemStatus().instances().get(0).metrics()
                    .getOrDefault("errors_per_minute", 0.0) > 0);
            await().atMost(WAIT).until(() -> lastLineNumber(out) >= lastAtAdoption + 10);
            InstanceStatus now = second.getSystemStatus().instances().get(0);
            assertThat(now.pid()).hasValue(pid);
            assertThat(now.restarts()).isZero();
            assertThat(now.state()).isEqualTo(WorkerState.HEALTHY);
            assertThat(ProcessSupervisionTest.alive(pid)).isTrue();
        }
        assertThat(ProcessSupervisionTest.alive(pid)).isFalse();
    }

    /** @return how many threads follow this home's log files */
    private long followerThreads() {
        String name = "recovery-log-follower " + home.resolve("logs");
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).count();
    }

    /** @return the number of the last {@code line <n>} the chatty worker wrote to a file, 0 before any */
    private static long lastLineNumber(Path file) throws IOException {
        Matcher line = Pattern.compile("(?m)^line (\\d+)$").matcher(Files.exists(file) ? Files.readString(file) : "");
        long last = 0;
        while (line.find()) {
            last = Long.parseLong(line.group(1));
        }
        return last;
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
