package io.github.workerrecovery.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivenessProbeTest {

    private final ManualClock clock = new ManualClock();
    private final LivenessProbe probe = new LivenessProbe();

    @Test
    void aliveIsHealthy() {
        HealthSignal signal = probe.check(context(FakeWorkerInstance.builder("w").alive(true).build(), Map.of()));

        assertThat(signal).isEqualTo(HealthSignal.healthy("liveness", clock.now()));
    }

    @Test
    void notAliveIsDeadBecauseTheProcessExited() {
        HealthSignal signal = probe.check(context(FakeWorkerInstance.builder("w").alive(false).pid(4242).build(), Map.of()));

        assertThat(signal.status()).isEqualTo(HealthStatus.DEAD);
        assertThat(signal.failure()).contains(FailureKind.PROCESS_EXITED);
        assertThat(signal.reason()).isEqualTo("not running");
        assertThat(signal.probe()).isEqualTo("liveness");
        assertThat(signal.at()).isEqualTo(clock.now());
    }

    @Test
    void appliesToEveryInstanceWhateverItsSettings() {
        WorkerInstance instance = FakeWorkerInstance.builder("w").build();

        assertThat(probe.appliesTo(context(instance, Map.of()))).isTrue();
        assertThat(probe.appliesTo(context(instance, Map.of("enabled", false)))).isTrue();
        assertThat(LivenessProbe.configuredFor(PluginSettings.empty())).isTrue();
    }

    private TestProbeContext context(WorkerInstance instance, Map<String, ?> section) {
        return new TestProbeContext(instance, PluginSettings.of("workers.w.probes.liveness", section), clock);
    }
}
