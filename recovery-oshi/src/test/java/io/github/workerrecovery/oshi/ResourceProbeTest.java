package io.github.workerrecovery.oshi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import oshi.spi.SystemInfoFactory;

/** The resources probe on real processes with real OSHI. */
class ResourceProbeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ChildProcesses children = new ChildProcesses();

    @AfterEach
    void killChildren() {
        children.close();
    }

    private static ResourceProbe probe(Map<String, ?> settings) {
        return (ResourceProbe) new ResourceProbe.Provider().create(new RecordingPluginContext(settings, TimeSource.system()));
    }

    private static ProbeContext context(long pid, Map<String, ?> workerSettings, Thresholds thresholds) {
        return TestProbeContext.of(FakeWorkerInstance.builder("w").pid(pid).thresholds(thresholds).build(),
                workerSettings, TimeSource.system());
    }

    private static long openFds(long pid) throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aLiveProcessGivesEveryMetricAndCpuFromItsSecondSample() throws Exception {
        long pid = children.start("sleep", "600").pid();
        ResourceProbe probe = probe(Map.of("sample_reuse", "1ms"));
        ProbeContext ctx = context(pid, Map.of(), Thresholds.DEFAULTS);

        HealthSignal first = probe.check(ctx);

        assertThat(probe.sampler()).isEqualTo("procfs");
        assertThat(first.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(first.metrics()).containsOnlyKeys("memory_percent", "rss_bytes", "threads", "open_fds", "processes",
                "host_cpu_percent", "host_memory_percent", "host_swap_percent");
        assertThat(first.metrics()).containsEntry("threads", 1.0).containsEntry("processes", 1.0)
                .containsEntry("open_fds", (double) openFds(pid));
        long total = SystemInfoFactory.create().getHardware().getMemory().getTotal();
        double rss = first.metrics().get("rss_bytes");
        assertThat(first.metrics().get("memory_percent")).isEqualTo(Math.round(rss * 100 / total * 100) / 100.0);
        assertThat(first.metrics().get("host_memory_percent")).isBetween(0.0, 100.0);
        assertThat(first.metrics().get("host_swap_percent")).isBetween(0.0, 100.0);

        await().atMost(WAIT).until(() -> probe.check(ctx).metrics().containsKey("cpu_percent"));
        assertThat(probe.check(ctx).metrics().get("cpu_percent")).isBetween(0.0, 5.0);
    }

    @Test
    void overTheMemoryThresholdIsWarningAndOverTheCriticalBandCritical() throws Exception {
        long pid = children.start("sleep", "600").pid();
        ResourceProbe probe = probe(Map.of("leak_detection", false));
        double percent = probe.check(context(pid, Map.of(), Thresholds.DEFAULTS)).metrics().get("memory_percent");
        Thresholds low = new Thresholds(80, percent / 2, 0.3, 100, Duration.ofSeconds(120));

        HealthSignal warning = probe.check(context(pid, Map.of(), low));
        HealthSignal critical = probe.check(context(pid, Map.of("memory_critical_threshold", percent / 1.5), low));

        assertThat(warning.status()).isEqualTo(HealthStatus.WARNING);
        assertThat(warning.failure()).hasValue(FailureKind.HIGH_MEMORY);
        assertThat(warning.reason()).matches("memory \\d+\\.\\d% > \\d+\\.\\d% \\(rss \\d+\\.\\d MiB\\)");
        assertThat(critical.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(critical.failure()).hasValue(FailureKind.HIGH_MEMORY);
    }

    @Test
    void aProcessThatVanishedBeforeItsSampleIsUnknownNotAnError() throws Exception {
        Process process = children.start("sleep", "600");
        long pid = process.pid();
        process.destroyForcibly().waitFor();

        HealthSignal signal = probe(Map.of()).check(context(pid, Map.of(), Thresholds.DEFAULTS));

        assertThat(signal.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(signal.reason()).isEqualTo("pid " + pid + " exited before it could be sampled");
    }

    @Test
    void includeChildrenSumsTheWholeProcessTree() throws Exception {
        long shell = children.start("/bin/sh", "-c", "sleep 600 & sleep 600 & wait").pid();
        await().atMost(WAIT).until(() -> ProcessHandle.of(shell).orElseThrow().children().count() == 2);
        ResourceProbe probe = probe(Map.of());

        HealthSignal tree = probe.check(context(shell, Map.of("include_children", true), Thresholds.DEFAULTS));
        HealthSignal alone = probe.check(context(shell, Map.of(), Thresholds.DEFAULTS));

        assertThat(tree.metrics()).containsEntry("processes", 3.0).containsEntry("threads", 3.0);
        assertThat(alone.metrics()).containsEntry("processes", 1.0).containsEntry("threads", 1.0);
        assertThat(tree.metrics().get("rss_bytes")).isGreaterThan(alone.metrics().get("rss_bytes"));
    }

    @Test
    void oshiSamplerReadsTheSameProcess() throws Exception {
        long pid = children.start("sleep", "600").pid();
        ResourceProbe probe = probe(Map.of("sampler", "oshi"));

        HealthSignal signal = probe.check(context(pid, Map.of(), Thresholds.DEFAULTS));

        assertThat(probe.sampler()).isEqualTo("oshi");
        assertThat(signal.metrics()).containsEntry("threads", 1.0).containsEntry("open_fds", (double) openFds(pid));
    }

    @Test
    void appliesToProcessesUnlessSwitchedOffPerWorker() {
        ResourceProbe probe = probe(Map.of());
        FakeWorkerInstance inJvm = FakeWorkerInstance.builder("w").build();

        assertThat(probe.appliesTo(context(42, Map.of(), Thresholds.DEFAULTS))).isTrue();
        assertThat(probe.appliesTo(context(42, Map.of("enabled", false), Thresholds.DEFAULTS))).isFalse();
        assertThat(probe.appliesTo(TestProbeContext.of(inJvm, Map.of(), TimeSource.system()))).isFalse();
    }

    @Test
    void unusableSettingsAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> probe(Map.of("leak_min_agreement", 0.3)))
                .hasMessage("plugins.test.leak_min_agreement: must be >= 0.5 and <= 1 but was 0.3");
        assertThatThrownBy(() -> probe(Map.of("leak_window", 20, "leak_min_samples", 30)))
                .hasMessage("plugins.test.leak_min_samples: must be >= 4 and <= leak_window (20) but was 30");
        assertThatThrownBy(() -> probe(Map.of("sampler", "psutil")))
                .hasMessage("plugins.test.sampler: must be one of auto, procfs, oshi but was 'psutil'");
        assertThatThrownBy(() -> probe(Map.of("sample_reuse", 0)))
                .hasMessage("plugins.test.sample_reuse: must be > 0 but was 0 ms");
        ResourceProbe probe = probe(Map.of());
        assertThatThrownBy(() -> probe.check(context(ProcessHandle.current().pid(), Map.of("memory_critical_threshold", 120),
                Thresholds.DEFAULTS)))
                .hasMessage("workers.w.probes.memory_critical_threshold: must be > 0 and <= 100 but was 120.0");
        assertThat(Optional.ofNullable(new ResourceProbe.Provider().name())).hasValue("resources");
        List<String> problems = new ArrayList<>();
        ResourceProbe.WORKER_SETTINGS.check(PluginSettings.of("workers.w.probes.resources",
                Map.of("memory_critical_threshold", 120, "leak_windw", 10)), problems);
        assertThat(problems).containsExactly("workers.w.probes.resources.leak_windw: unknown setting (known: include_children,"
                        + " cpu_critical_threshold, memory_critical_threshold, leak_detection, leak_window, leak_min_samples,"
                        + " leak_min_growth, leak_min_agreement, leak_horizon, enabled)",
                "workers.w.probes.resources.memory_critical_threshold: must be 0..100 but was 120");
    }
}
