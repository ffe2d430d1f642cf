package io.github.workerrecovery.oshi;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerId;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code resources}: CPU, memory, threads and open files of each process instance, the host's
 * load, and a prediction of memory leaks. Applies to every instance that has a pid (process and
 * discovered workers) unless its worker says {@code probes: {resources: {enabled: false}}}.
 *
 * <p>Metrics of every signal: {@code cpu_percent} (of one core, between the previous sample of
 * the process and this one; absent on its first sample), {@code memory_percent} (resident memory
 * in % of physical memory), {@code rss_bytes}, {@code threads}, {@code open_fds} (absent when not
 * readable), {@code processes} (how many were summed), {@code host_cpu_percent},
 * {@code host_memory_percent}, {@code host_swap_percent} (when OSHI runs here), and, once the
 * memory trend has enough samples, {@code rss_growth_bytes_per_second} and, when a leak is
 * predicted, {@code seconds_to_memory_threshold}.
 *
 * <p>Verdicts: over {@code cpu_threshold} / {@code memory_threshold} (the worker's thresholds)
 * WARNING, over {@code cpu_critical_threshold} / {@code memory_critical_threshold} CRITICAL
 * ({@code HIGH_CPU}, {@code HIGH_MEMORY}); below the memory threshold but growing towards it
 * within {@code leak_horizon}, WARNING {@code MEMORY_LEAK}, and one {@link PatternInsight} per
 * process incarnation. The engine's hysteresis ({@code consecutive_checks}) applies as for any
 * probe. A process that exits before it is sampled gives UNKNOWN.
 *
 * <p>Cost: one pass reads every watched process once (see {@link ResourceSampler}), from procfs
 * on Linux and through OSHI elsewhere; the host once per pass, the same way. Thread-safe.
 */
public final class ResourceProbe implements HealthProbe {

    /** The probe's name. */
    public static final String NAME = "resources";

    /** Default {@code sample_reuse}: a pass serves the checks that follow it for this long. */
    public static final Duration DEFAULT_SAMPLE_REUSE = Duration.ofMillis(500);

    private record Finding(HealthStatus status, FailureKind failure, String reason) {
    }

    /** Severity first; among equals, memory before a predicted leak before CPU: the likelier crash first. */
    private static final Comparator<Finding> WORST_FIRST = Comparator
            .comparing((Finding f) -> f.status().ordinal()).reversed()
            .thenComparing(f -> List.of(FailureKind.HIGH_MEMORY, FailureKind.MEMORY_LEAK, FailureKind.HIGH_CPU)
                    .indexOf(f.failure()));

    /**
     * The keys of {@code plugins.resources}: the defaults of every per-worker key, plus
     * {@code sampler} and {@code sample_reuse}.
     */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(ResourceSettings.KEYS).with(
            Setting.text("sampler", "auto", "how processes are read: auto (procfs where there is one, else OSHI), procfs or oshi"),
            Setting.duration("sample_reuse", DEFAULT_SAMPLE_REUSE,
                    "a pass serves the checks that follow it for this long; keep it under half the check interval")
                    .atLeast(0.001));

    /** The keys of a worker's {@code probes.resources} section; absent keys take the plug-in section's. */
    public static final SettingsSpec WORKER_SETTINGS = SettingsSpec.of(ResourceSettings.KEYS).with(
            Setting.bool("enabled", true, "false stops sampling this worker"));

    private final ResourceSampler sampler;
    private final ResourceSettings defaults;
    private final long totalMemoryBytes;
    private final PluginContext context;
    private final LeakWatch leaks = new LeakWatch();
    private final Map<WorkerId, AtomicLong> leakCounts = new ConcurrentHashMap<>();
    /**
     * Each worker's parsed section, kept while the engine hands the same section object: parsing
     * it on every check was a steady share of an idle daemon's allocations.
     */
    private final Map<WorkerId, ParsedSettings> parsed = new ConcurrentHashMap<>();

    private record ParsedSettings(PluginSettings section, ResourceSettings settings) {
    }

    private ResourceProbe(ResourceSampler sampler, ResourceSettings defaults, long totalMemoryBytes, PluginContext context) {
        this.sampler = sampler;
        this.defaults = defaults;
        this.totalMemoryBytes = totalMemoryBytes;
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SettingsSpec workerSettings() {
        return WORKER_SETTINGS;
    }

    /**
     * Makes the probe from {@code plugins.resources}; found by {@link java.util.ServiceLoader}.
     * Stateless and thread-safe.
     */
    public static final class Provider implements HealthProbeProvider {

        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public SettingsSpec settings() {
            return SETTINGS;
        }

        @Override
        public SettingsSpec workerSettings() {
            return WORKER_SETTINGS;
        }

        /**
         * @throws IllegalArgumentException when a setting is unusable (two keys out of order,
         *     or a value the config check did not see), or the chosen sampler cannot run here
         */
        @Override
        public HealthProbe create(PluginContext context) {
            PluginSettings settings = context.settings();
            ResourceSettings defaults = ResourceSettings.parse(settings, ResourceSettings.DEFAULTS);
            Duration reuse = settings.duration("sample_reuse", DEFAULT_SAMPLE_REUSE);
            if (reuse.isZero()) {
                throw new IllegalArgumentException(path(settings, "sample_reuse") + ": must be > 0 but was " + DurationText.format(reuse));
            }
            ProcessReader reader = chooseReader(settings);
            Optional<HostReader> host = reader instanceof ProcfsProcessReader
                    ? ProcfsHostReader.create().or(OshiHostReader::create) : OshiHostReader.create();
            long total = host.map(HostReader::totalMemory).filter(t -> t > 0).orElseGet(ResourceProbe::jdkTotalMemory);
            return new ResourceProbe(new ResourceSampler(reader, host, context.time(), reuse), defaults, total, context);
        }
    }

    private static ProcessReader chooseReader(PluginSettings settings) {
        String choice = settings.string("sampler", "auto").trim();
        switch (choice) {
            case "auto":
                if (ProcfsProcessReader.available()) {
                    return new ProcfsProcessReader(KernelUnits.ofThisKernel());
                }
                return OshiProcessReader.create().orElseThrow(() -> new IllegalArgumentException(
                        "no procfs and OSHI cannot run on this system: the resources probe has no way to read processes"));
            case "procfs":
                if (!ProcfsProcessReader.available()) {
                    throw new IllegalArgumentException(path(settings, "sampler") + ": procfs needs Linux's /proc, which this system lacks");
                }
                return new ProcfsProcessReader(KernelUnits.ofThisKernel());
            case "oshi":
                return OshiProcessReader.create().orElseThrow(() -> new IllegalArgumentException(
                        path(settings, "sampler") + ": OSHI cannot run on this system"));
            default:
                throw new IllegalArgumentException(path(settings, "sampler") + ": must be one of auto, procfs, oshi but was '"
                        + choice + "'");
        }
    }

    /** Physical memory as the JDK sees it, when OSHI cannot tell. */
    private static long jdkTotalMemory() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }

    private static String path(PluginSettings settings, String key) {
        return settings.path().isEmpty() ? key : settings.path() + "." + key;
    }

    /** @return the name of the process reader in use ({@code procfs} or {@code oshi}) */
    public String sampler() {
        return sampler.reader().name();
    }

    @Override
    public boolean appliesTo(ProbeContext context) {
        return context.instance().pid().isPresent() && context.workerSettings().bool("enabled", true);
    }

    @Override
    public HealthSignal check(ProbeContext context) {
        Instant now = context.time().now();
        if (context.instance().pid().isEmpty()) {
            return HealthSignal.unknown(NAME, "no process to sample", now);
        }
        long pid = context.instance().pid().getAsLong();
        ResourceSettings settings = settingsOf(context.instance().id().worker(), context.workerSettings());
        Optional<ProcessReading> read = sampler.read(pid, settings.includeChildren());
        if (read.isEmpty()) {
            return HealthSignal.unknown(NAME, "pid " + pid + " exited before it could be sampled", now);
        }
        ProcessReading reading = read.get();
        Thresholds thresholds = context.instance().thresholds();
        double memoryPercent = reading.rssBytes() * 100.0 / totalMemoryBytes;
        Map<String, Double> metrics = metrics(reading, memoryPercent);
        List<Finding> findings = new ArrayList<>();
        memoryFinding(memoryPercent, reading, thresholds, settings).ifPresent(findings::add);
        reading.cpuPercent().ifPresent(cpu -> cpuFinding(cpu, thresholds, settings).ifPresent(findings::add));
        if (settings.leakDetection()) {
            leakFinding(context.instance().id(), reading, memoryPercent, thresholds, settings, metrics, now)
                    .ifPresent(findings::add);
        }
        if (findings.isEmpty()) {
            return HealthSignal.healthy(NAME, now).withMetrics(metrics);
        }
        findings.sort(WORST_FIRST);
        Finding worst = findings.get(0);
        String reason = findings.stream().map(Finding::reason).collect(Collectors.joining("; "));
        return HealthSignal.problem(NAME, worst.status(), worst.failure(), reason, now).withMetrics(metrics);
    }

    private ResourceSettings settingsOf(WorkerId worker, PluginSettings section) {
        ParsedSettings known = parsed.get(worker);
        if (known != null && known.section() == section) {
            return known.settings();
        }
        ResourceSettings settings = ResourceSettings.parse(section, defaults);
        parsed.put(worker, new ParsedSettings(section, settings));
        return settings;
    }

    private static Map<String, Double> metrics(ProcessReading reading, double memoryPercent) {
        Map<String, Double> m = new LinkedHashMap<>();
        reading.cpuPercent().ifPresent(cpu -> m.put("cpu_percent", round(cpu)));
        m.put("memory_percent", round(memoryPercent));
        m.put("rss_bytes", (double) reading.rssBytes());
        m.put("threads", (double) reading.threads());
        reading.openFds().ifPresent(fds -> m.put("open_fds", (double) fds));
        m.put("processes", (double) reading.processes());
        reading.host().ifPresent(h -> {
            m.put("host_cpu_percent", round(h.cpuPercent()));
            m.put("host_memory_percent", round(h.memoryPercent()));
            m.put("host_swap_percent", round(h.swapPercent()));
        });
        return m;
    }

    /** Two decimals are plenty for a percentage and keep status output readable. */
    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static Optional<Finding> memoryFinding(double percent, ProcessReading reading, Thresholds t, ResourceSettings s) {
        double critical = Math.max(t.memoryPercent(), s.memoryCriticalPercent());
        if (percent <= t.memoryPercent()) {
            return Optional.empty(); // the usual case: no reason text to build
        }
        String rss = " (rss " + ReasonText.bytes(reading.rssBytes()) + ")";
        if (percent > critical) {
            return Optional.of(new Finding(HealthStatus.CRITICAL, FailureKind.HIGH_MEMORY,
                    "memory " + ReasonText.percent(percent) + " > " + ReasonText.percent(critical) + rss));
        } else if (percent > t.memoryPercent()) {
            return Optional.of(new Finding(HealthStatus.WARNING, FailureKind.HIGH_MEMORY,
                    "memory " + ReasonText.percent(percent) + " > " + ReasonText.percent(t.memoryPercent()) + rss));
        }
        return Optional.empty();
    }

    private static Optional<Finding> cpuFinding(double cpu, Thresholds t, ResourceSettings s) {
        double critical = Math.max(t.cpuPercent(), s.cpuCriticalPercent());
        if (cpu > critical) {
            return Optional.of(new Finding(HealthStatus.CRITICAL, FailureKind.HIGH_CPU,
                    "cpu " + ReasonText.percent(cpu) + " > " + ReasonText.percent(critical)));
        } else if (cpu > t.cpuPercent()) {
            return Optional.of(new Finding(HealthStatus.WARNING, FailureKind.HIGH_CPU,
                    "cpu " + ReasonText.percent(cpu) + " > " + ReasonText.percent(t.cpuPercent())));
        }
        return Optional.empty();
    }

    private Optional<Finding> leakFinding(InstanceId id, ProcessReading reading, double memoryPercent, Thresholds t,
                                          ResourceSettings s, Map<String, Double> metrics, Instant now) {
        long thresholdBytes = (long) (t.memoryPercent() / 100 * totalMemoryBytes);
        LeakWatch.Observation seen = leaks.observe(id, reading, thresholdBytes, s.leakRule(), s.leakWindow());
        seen.fit().ifPresent(fit -> metrics.put("rss_growth_bytes_per_second", round(fit.slopeBytesPerSecond())));
        if (seen.leak().isEmpty() || memoryPercent > t.memoryPercent()) {
            return Optional.empty(); // over the threshold already: that is HIGH_MEMORY, not a prediction
        }
        LeakPrediction leak = seen.leak().get();
        metrics.put("seconds_to_memory_threshold", (double) leak.timeToThreshold().toSeconds());
        String forecast = "grows " + ReasonText.rate(leak.fit().slopeBytesPerSecond()) + ", will cross "
                + ReasonText.percent(t.memoryPercent()) + " in " + ReasonText.duration(leak.timeToThreshold());
        if (seen.firstReport()) {
            tellSages(id, leak, forecast, now);
        }
        return Optional.of(new Finding(HealthStatus.WARNING, FailureKind.MEMORY_LEAK, "memory " + forecast));
    }

    private void tellSages(InstanceId id, LeakPrediction leak, String forecast, Instant now) {
        String who = id.slot() == 0 ? id.worker().value() : id.toString();
        long occurrences = leakCounts.computeIfAbsent(id.worker(), w -> new AtomicLong()).incrementAndGet();
        TrendFit fit = leak.fit();
        String description = "resident memory of " + id + " grows " + ReasonText.rate(fit.slopeBytesPerSecond())
                + " (Theil-Sen slope over " + fit.samples() + " samples in " + Math.round(fit.spanSeconds()) + " s, "
                + Math.round(fit.agreement() * 100) + "% of sample pairs rising, lows rising too)";
        context.publish(new PatternInsight(Optional.of(id.worker()), "memory-leak:" + id.worker().value(), description,
                occurrences, "restart it gracefully before it crosses the threshold, and look for the leak "
                        + "(for a JVM worker: jcmd <pid> GC.class_histogram or GC.heap_dump)",
                "worker " + who + " " + forecast, now));
    }
}
