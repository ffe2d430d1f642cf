package io.github.workerrecovery.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeartbeatProbeTest {

    private final ManualClock clock = new ManualClock();
    private final HeartbeatProbe probe = new HeartbeatProbe();

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void setUp() {
        file = dir.resolve("worker.hb");
    }

    @Test
    void freshInstanceWithinTimeoutIsHealthyBeforeItsFirstHeartbeat() throws IOException {
        // Started 30 s ago and has not touched its file yet: the start time counts as a heartbeat.
        WorkerInstance instance = worker().startedAt(secondsAgo(30)).build();

        HealthSignal signal = probe.check(context(instance, Map.of("file", file.toString())));

        assertThat(signal.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(signal.probe()).isEqualTo("heartbeat");
        assertThat(signal.failure()).isEmpty();
        assertThat(signal.metrics()).containsExactly(Map.entry("heartbeat_age_seconds", 30.0));
        assertThat(signal.at()).isEqualTo(clock.now());
    }

    @ParameterizedTest(name = "file touched {0} s ago -> {1}")
    @CsvSource({"119, HEALTHY", "120, HEALTHY", "121, CRITICAL"})
    void staleFileIsCriticalExactlyWhenOlderThanTheTimeout(long age, HealthStatus expected) throws IOException {
        touch(file, secondsAgo(age));
        WorkerInstance instance = worker().startedAt(secondsAgo(3600)).build();

        HealthSignal signal = probe.check(context(instance, Map.of("file", file.toString())));

        assertThat(signal.status()).isEqualTo(expected);
        assertThat(signal.metrics()).containsExactly(Map.entry("heartbeat_age_seconds", (double) age));
        if (expected == HealthStatus.CRITICAL) {
            assertThat(signal.failure()).contains(FailureKind.HEARTBEAT_TIMEOUT);
            assertThat(signal.reason()).isEqualTo("no heartbeat for 121 s (timeout 120 s)");
        } else {
            assertThat(signal.failure()).isEmpty();
            assertThat(signal.reason()).isEmpty();
        }
    }

    @Test
    void fileGoesStaleAsTheClockMoves() throws IOException {
        touch(file, clock.now());
        WorkerInstance instance = worker().startedAt(secondsAgo(600)).build();
        Map<String, String> settings = Map.of("file", file.toString());

        clock.advance(Duration.ofSeconds(120));
        assertThat(probe.check(context(instance, settings)).status()).isEqualTo(HealthStatus.HEALTHY);

        clock.advance(Duration.ofSeconds(11));
        HealthSignal late = probe.check(context(instance, settings));
        assertThat(late.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(late.reason()).isEqualTo("no heartbeat for 131 s (timeout 120 s)");
        assertThat(late.metrics()).containsEntry("heartbeat_age_seconds", 131.0);

        // The worker touches its file again: healthy on the next check.
        touch(file, clock.now());
        assertThat(probe.check(context(instance, settings)).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void inJvmHeartbeatNewerThanTheFileWins() throws IOException {
        touch(file, secondsAgo(300));
        WorkerInstance instance = worker().startedAt(secondsAgo(900)).lastHeartbeat(secondsAgo(10)).build();

        HealthSignal signal = probe.check(context(instance, Map.of("file", file.toString())));

        assertThat(signal.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(signal.metrics()).containsExactly(Map.entry("heartbeat_age_seconds", 10.0));
    }

    @Test
    void fileNewerThanTheInJvmHeartbeatWins() throws IOException {
        touch(file, secondsAgo(5));
        WorkerInstance instance = worker().startedAt(secondsAgo(900)).lastHeartbeat(secondsAgo(500)).build();

        HealthSignal signal = probe.check(context(instance, Map.of("file", file.toString())));

        assertThat(signal.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(signal.metrics()).containsExactly(Map.entry("heartbeat_age_seconds", 5.0));
    }

    @Test
    void inJvmHeartbeatsAloneAreJudgedWithoutAFile() throws IOException {
        WorkerInstance instance = worker().startedAt(secondsAgo(900)).lastHeartbeat(secondsAgo(150)).build();

        HealthSignal signal = probe.check(context(instance, Map.of("enabled", true)));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.failure()).contains(FailureKind.HEARTBEAT_TIMEOUT);
        assertThat(signal.reason()).isEqualTo("no heartbeat for 150 s (timeout 120 s)");
    }

    @Test
    void missingFileOnAnOldInstanceIsCriticalAndNamesTheFile() throws IOException {
        WorkerInstance instance = worker().startedAt(secondsAgo(200)).build();

        HealthSignal signal = probe.check(context(instance, Map.of("file", file.toString())));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.failure()).contains(FailureKind.HEARTBEAT_TIMEOUT);
        assertThat(signal.reason()).isEqualTo("no heartbeat for 200 s (timeout 120 s); " + file + " does not exist");
        assertThat(signal.metrics()).containsExactly(Map.entry("heartbeat_age_seconds", 200.0));
    }

    @Test
    void nothingToGoByIsCriticalNotUnknown() throws IOException {
        WorkerInstance instance = worker().build();

        HealthSignal signal = probe.check(context(instance, Map.of("file", file.toString())));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.failure()).contains(FailureKind.HEARTBEAT_TIMEOUT);
        assertThat(signal.reason())
                .isEqualTo("no heartbeat received and start time unknown; " + file + " does not exist");
        assertThat(signal.metrics()).isEmpty();
    }

    @Test
    void theWorkersOwnTimeoutApplies() throws IOException {
        Thresholds strict = new Thresholds(80, 85, 0.3, 100, Duration.ofSeconds(30));
        touch(file, secondsAgo(31));
        WorkerInstance instance = worker().thresholds(strict).startedAt(secondsAgo(600)).build();

        HealthSignal signal = probe.check(context(instance, Map.of("file", file.toString())));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.reason()).isEqualTo("no heartbeat for 31 s (timeout 30 s)");
    }

    @Test
    void anAgeJustOverTheTimeoutNeverReadsAsEqualToIt() throws IOException {
        WorkerInstance instance = worker().lastHeartbeat(clock.now().minusMillis(120_040)).build();

        HealthSignal signal = probe.check(context(instance, Map.of("enabled", true)));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.reason()).isEqualTo("no heartbeat for 120.1 s (timeout 120 s)");
        assertThat(signal.metrics().get("heartbeat_age_seconds")).isEqualTo(120.04);
    }

    @Test
    void aFileStampedInTheFutureCountsAsFresh() throws IOException {
        touch(file, clock.now().plusSeconds(60));
        WorkerInstance instance = worker().startedAt(secondsAgo(600)).build();

        HealthSignal signal = probe.check(context(instance, Map.of("file", file.toString())));

        assertThat(signal.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(signal.metrics()).containsExactly(Map.entry("heartbeat_age_seconds", 0.0));
    }

    @Test
    void aRelativeFileIsRejectedWithThePathOfTheSetting() {
        WorkerInstance instance = worker().startedAt(secondsAgo(1)).build();

        assertThatThrownBy(() -> probe.check(context(instance, Map.of("file", "run/worker.hb"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("workers.w.probes.heartbeat.file: must be an absolute path")
                .hasMessageContaining("run/worker.hb");
    }

    @Test
    void appliesWhenTheWorkerHasASectionUnlessItIsSwitchedOff() {
        WorkerInstance instance = worker().build();

        assertThat(probe.appliesTo(context(instance, Map.of()))).isFalse();
        assertThat(probe.appliesTo(context(instance, Map.of("file", file.toString())))).isTrue();
        assertThat(probe.appliesTo(context(instance, Map.of("enabled", true)))).isTrue();
        assertThat(probe.appliesTo(context(instance, Map.of("enabled", "true")))).isTrue();
        assertThat(probe.appliesTo(context(instance, Map.of("file", file.toString(), "enabled", false)))).isFalse();
        assertThat(HeartbeatProbe.configuredFor(PluginSettings.empty())).isFalse();
        assertThatThrownBy(() -> HeartbeatProbe.configuredFor(settings(Map.of("enabled", "maybe"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers.w.probes.heartbeat.enabled");
    }

    private static FakeWorkerInstance.Builder worker() {
        return FakeWorkerInstance.builder("w");
    }

    private Instant secondsAgo(long seconds) {
        return clock.now().minusSeconds(seconds);
    }

    private static void touch(Path path, Instant at) throws IOException {
        if (!Files.exists(path)) {
            Files.createFile(path);
        }
        Files.setLastModifiedTime(path, FileTime.from(at));
    }

    private TestProbeContext context(WorkerInstance instance, Map<String, ?> section) {
        return new TestProbeContext(instance, settings(section), clock);
    }

    private static PluginSettings settings(Map<String, ?> section) {
        // The engine hands a probe the worker's section under its own path.
        return PluginSettings.of("workers.w.probes.heartbeat", section);
    }
}
