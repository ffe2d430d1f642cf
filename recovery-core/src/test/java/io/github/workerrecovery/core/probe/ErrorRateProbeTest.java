package io.github.workerrecovery.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorRateProbeTest {

    private static final List<String> LINES = List.of(
            "ERROR 1 db timeout", "ERROR 2 db timeout", "ERROR 3 db timeout", "ERROR 4 db timeout",
            "ERROR 5 db timeout", "ERROR 6 db timeout", "ERROR 7 db timeout");
    private static final Map<String, Object> ON = Map.of("enabled", true);

    private final ManualClock clock = new ManualClock();
    private final ErrorRateProbe probe = new ErrorRateProbe();

    @Test
    void rateBelowTheThresholdIsHealthy() {
        HealthSignal signal = probe.check(context(rate(0.2), ON));

        assertThat(signal.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(signal.probe()).isEqualTo("error_rate");
        assertThat(signal.failure()).isEmpty();
        assertThat(signal.metrics()).containsExactly(Map.entry("errors_per_minute", 0.2));
        // errors under the threshold are handed on for precursor mining; none without errors
        assertThat(signal.errors()).containsExactlyElementsOf(LINES.subList(2, 7));
        assertThat(probe.check(context(rate(0), ON)).errors()).isEmpty();
        assertThat(signal.at()).isEqualTo(clock.now());
    }

    @Test
    void verificationWatchesOneFullCountingWindowUnlessConfigured() {
        assertThat(probe.observationWindow(PluginSettings.of("workers.w.probes.error_rate", Map.of("enabled", true))))
                .isEqualTo(java.time.Duration.ofSeconds(60))
                .isEqualTo(io.github.workerrecovery.api.WorkerInstance.ERROR_RATE_WINDOW);
        assertThat(probe.observationWindow(PluginSettings.of("workers.w.probes.error_rate", Map.of("verify_for", "20s"))))
                .isEqualTo(java.time.Duration.ofSeconds(20));
    }

    @Test
    void rateEqualToTheThresholdIsHealthy() {
        assertThat(probe.check(context(rate(0.3), ON)).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void rateAboveTheThresholdIsAWarningWithTheLastFiveLines() {
        HealthSignal signal = probe.check(context(rate(2.0), ON));

        assertThat(signal.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(signal.failure()).contains(FailureKind.HIGH_ERROR_RATE);
        assertThat(signal.reason()).isEqualTo("2.0 errors/min > 0.3/min");
        assertThat(signal.metrics()).containsExactly(Map.entry("errors_per_minute", 2.0));
        assertThat(signal.errors()).containsExactlyElementsOf(LINES.subList(2, 7));
    }

    @Test
    void rateFarAboveTheThresholdIsCritical() {
        HealthSignal signal = probe.check(context(rate(4.0), ON));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.failure()).contains(FailureKind.HIGH_ERROR_RATE);
        assertThat(signal.reason()).isEqualTo("4.0 errors/min > 3.0/min (10 x 0.3/min)");
        assertThat(signal.metrics()).containsExactly(Map.entry("errors_per_minute", 4.0));
        assertThat(signal.errors()).containsExactlyElementsOf(LINES.subList(2, 7));
    }

    @Test
    void criticalFactorAndTheWorkersThresholdApply() {
        Thresholds lenient = new Thresholds(80, 85, 2.0, 100, Duration.ofSeconds(120));
        WorkerInstance instance = FakeWorkerInstance.builder("w").thresholds(lenient).errorsPerMinute(7.5).build();

        HealthSignal warning = probe.check(context(instance, Map.of("critical_factor", 4)));
        HealthSignal critical = probe.check(context(instance, Map.of("critical_factor", 2.5)));

        assertThat(warning.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(warning.reason()).isEqualTo("7.5 errors/min > 2.0/min");
        assertThat(critical.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(critical.reason()).isEqualTo("7.5 errors/min > 5.0/min (2.5 x 2.0/min)");
    }

    @Test
    void fewerThanFiveLinesAreAllAttached() {
        WorkerInstance instance = FakeWorkerInstance.builder("w").errorsPerMinute(1.0)
                .recentErrorLines(List.of("ERROR a", "ERROR b")).build();

        assertThat(probe.check(context(instance, ON)).errors()).containsExactly("ERROR a", "ERROR b");
    }

    @Test
    void uncountedRateIsUnknown() {
        WorkerInstance instance = FakeWorkerInstance.builder("w").recentErrorLines(LINES).build();

        HealthSignal signal = probe.check(context(instance, ON));

        assertThat(signal.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(signal.failure()).isEmpty();
        assertThat(signal.reason()).isEqualTo("error rate not counted for this worker");
        assertThat(signal.metrics()).isEmpty();
    }

    @Test
    void criticalFactorBelowOneIsRejected() {
        assertThat(problems(ErrorRateProbe.WORKER_SETTINGS, Map.of("critical_factor", 0.5)))
                .containsExactly("workers.w.probes.error_rate.critical_factor: must be >= 1 but was 0.5");
        assertThat(problems(ErrorRateProbe.WORKER_SETTINGS, Map.of("critical_factor", "lots")))
                .containsExactly("workers.w.probes.error_rate.critical_factor: must be a number but was 'lots'");
    }

    @Test
    void appliesWhenTheWorkerHasASectionUnlessItIsSwitchedOff() {
        assertThat(probe.appliesTo(context(rate(1.0), Map.of()))).isFalse();
        assertThat(probe.appliesTo(context(rate(1.0), ON))).isTrue();
        assertThat(probe.appliesTo(context(rate(1.0), Map.of("critical_factor", 5)))).isTrue();
        assertThat(probe.appliesTo(context(rate(1.0), Map.of("critical_factor", 5, "enabled", "false")))).isFalse();
        assertThat(ErrorRateProbe.configuredFor(PluginSettings.empty())).isFalse();
    }

    private static WorkerInstance rate(double perMinute) {
        return FakeWorkerInstance.builder("w").errorsPerMinute(perMinute).recentErrorLines(LINES).build();
    }

    private TestProbeContext context(WorkerInstance instance, Map<String, ?> section) {
        return new TestProbeContext(instance, PluginSettings.of("workers.w.probes.error_rate", section), clock);
    }

    /** What the config check says about a worker section: the probe no longer re-checks at run time. */
    private static List<String> problems(SettingsSpec spec, Map<String, ?> section) {
        List<String> problems = new ArrayList<>();
        spec.check(PluginSettings.of("workers.w.probes.error_rate", section), problems);
        return problems;
    }
}
