package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.oshi.ResourceProbe;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.TestPluginContext;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * One health round of the {@code resources} probe as the engine runs it: the probe found by
 * {@link ServiceLoader} like any plug-in, configured from a {@code plugins.resources} section, and
 * for every process one worker with one instance, whose {@code appliesTo} and {@code check} are
 * called once per round. The first check of a round runs the sampling pass (every process read
 * once, the host once), the others take their numbers from it. The engine makes these calls in
 * parallel on its probe pool; here they run one after another on one thread, so the time of a
 * round is the CPU the probe costs, without the pool's hand-offs. Not thread-safe.
 */
final class ResourceProbeRound {

    /** The metric every sampled signal carries and an UNKNOWN one (process gone) lacks. */
    static final String SAMPLED_METRIC = "rss_bytes";

    private final HealthProbe probe;
    private final List<ProbeContext> checks;

    private ResourceProbeRound(HealthProbe probe, List<ProbeContext> checks) {
        this.probe = probe;
        this.checks = checks;
    }

    /**
     * @param sampler the {@code sampler} setting: {@code procfs} or {@code oshi}
     * @param reuse the {@code sample_reuse} setting: longer than a round, shorter than the pause
     *     between rounds, so that each round runs exactly one pass
     * @param leakDetection the {@code leak_detection} setting (default true): whether each check
     *     also fits the process's memory trend
     * @param pids the processes, one worker each
     * @return the configured probe and one check context per process
     * @throws IllegalStateException when no {@code resources} probe is on the class path, or it
     *     did not take the sampler asked for
     * @throws Exception what {@code create} threw: {@link IllegalArgumentException} when the
     *     sampler cannot run here
     */
    static ResourceProbeRound configure(String sampler, Duration reuse, boolean leakDetection, long[] pids) throws Exception {
        HealthProbeProvider provider = ServiceLoader.load(HealthProbeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(ResourceProbe.NAME))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no '" + ResourceProbe.NAME
                        + "' HealthProbeProvider in META-INF/services: is recovery-oshi on the class path?"));
        TimeSource time = TimeSource.system();
        PluginSettings section = PluginSettings.of("plugins." + ResourceProbe.NAME,
                Map.of("sampler", sampler, "sample_reuse", reuse.toMillis() + "ms", "leak_detection", leakDetection));
        HealthProbe probe = provider.create(new TestPluginContext(section, Path.of(""), time));
        if (probe instanceof ResourceProbe resources && !resources.sampler().equals(sampler)) {
            throw new IllegalStateException("asked for sampler '" + sampler + "' but the probe reads with '"
                    + resources.sampler() + "'");
        }
        List<ProbeContext> checks = new ArrayList<>(pids.length);
        for (int i = 0; i < pids.length; i++) {
            FakeWorkerInstance instance = FakeWorkerInstance.builder(String.format("worker-%05d", i)).pid(pids[i]).build();
            PluginSettings workerSection = PluginSettings.of("workers." + instance.id().worker() + ".probes."
                    + ResourceProbe.NAME, Map.of());
            checks.add(new TestProbeContext(instance, workerSection, time));
        }
        return new ResourceProbeRound(probe, List.copyOf(checks));
    }

    /**
     * Runs one round.
     *
     * @return how long it took, and how many of the processes it sampled
     * @throws Exception what {@code check} threw: the engine would report it as UNKNOWN, a benchmark
     *     stops
     */
    Timed timeRound() throws Exception {
        long start = System.nanoTime();
        int sampled = 0;
        for (ProbeContext check : checks) {
            if (probe.appliesTo(check)) {
                HealthSignal signal = probe.check(check);
                sampled += signal.metrics().containsKey(SAMPLED_METRIC) ? 1 : 0;
            }
        }
        return new Timed(System.nanoTime() - start, sampled);
    }

    /**
     * What one round cost.
     *
     * @param nanos its wall time
     * @param sampled how many processes came back with numbers
     */
    record Timed(long nanos, int sampled) {
    }
}
