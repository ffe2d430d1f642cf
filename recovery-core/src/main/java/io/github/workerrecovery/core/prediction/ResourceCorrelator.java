package io.github.workerrecovery.core.prediction;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.prediction.ResourceCorrelation.MetricEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resource-state correlation: per instance the samples of a window before each detection
 * ({@link ResourceWindow}) and per instance and metric a healthy baseline ({@link RobustBaseline});
 * per (worker, failure kind, error pattern) a summary of how the resources before its failures
 * differed from the baseline ({@link ResourceCorrelation}). A metric is <em>elevated</em> before a
 * failure when the window ended at least {@value #ELEVATED} spreads above its normal level, and
 * <em>rising</em> when its Theil–Sen slope made it rise by at least {@value #RISING} spreads over the
 * window. The baselines also give the early warnings: a metric that drifts from its own normal.
 *
 * <p>Baselines are kept per instance (a worker's slot, which keeps its id across restarts), not per
 * worker: one drifting instance of a pool would be diluted by the healthy others. Pure logic, time
 * passed in; not thread-safe: the engine thread owns it.
 */
public final class ResourceCorrelator {

    /** Spreads above the normal level that make the end of a window elevated. */
    static final double ELEVATED = 3;
    /** Spreads the window's fitted rise must reach for a metric to be rising. */
    static final double RISING = 2;

    /**
     * Metrics that are not a level where higher is worse: identifiers, codes, counts of helpers,
     * a prediction's own output, or the host rather than the worker. They are correlated (a crash
     * may follow host memory pressure) but never watched for a drift.
     */
    private static final Set<String> NOT_WATCHED = Set.of("exit_code", "http_status", "queue_consumers", "processes",
            "seconds_to_memory_threshold", "rss_growth_bytes_per_second", "host_cpu_percent", "host_memory_percent",
            "host_swap_percent");
    /** Metrics that are never correlated: they describe the failure itself, not what came before. */
    private static final Set<String> NOT_CORRELATED = Set.of("exit_code", "http_status");

    /**
     * What one metric showed before one failure.
     *
     * @param metric its name
     * @param elevated whether the window ended at least {@value #ELEVATED} spreads above normal
     * @param rising whether it rose by at least {@value #RISING} spreads over the window
     * @param last the level at the end of the window
     * @param slopePerMinute its slope
     * @param normal the baseline's level
     */
    public record Sign(String metric, boolean elevated, boolean rising, double last, double slopePerMinute,
                       double normal) {

        /** @return e.g. {@code memory_percent 83.1 (normal 41.0) rising 2.00/min} */
        public String describe() {
            return metric + " " + fmt(last) + " (normal " + fmt(normal) + ")"
                    + (rising ? " rising " + fmt(slopePerMinute) + "/min" : "");
        }
    }

    /**
     * A metric that drifts from its normal, for an early warning.
     *
     * @param metric its name
     * @param value its latest value
     * @param normal the baseline's level
     * @param spread the baseline's spread
     */
    public record Drift(String metric, double value, double normal, double spread) {

        /** @return e.g. {@code memory_percent 62.0 drifts above its normal 41.2 ± 3.1} */
        public String describe() {
            return metric + " " + fmt(value) + " drifts above its normal " + fmt(normal) + " ± " + fmt(spread);
        }
    }

    /**
     * What a failure taught.
     *
     * @param signs the metrics that were elevated or rising before it, this time
     * @param summary the updated summary of its (worker, failure, pattern)
     * @param newFindings consistent differences that this failure made consistent for the first time
     */
    public record Learned(List<Sign> signs, ResourceCorrelation summary, List<ResourceCorrelation.Finding> newFindings) {
    }

    private record Key(String worker, FailureKind failure, String pattern) {
    }

    /** Running sums behind one metric's evidence. */
    private static final class Tally {
        long seen;
        long elevated;
        long rising;
        double sumBefore;
        double lowestElevated = Double.NaN;
        double sumSlopeRising;
        double sumNormal;

        MetricEvidence evidence(String metric) {
            return new MetricEvidence(metric, seen, elevated, rising, seen == 0 ? 0 : sumBefore / seen,
                    Double.isNaN(lowestElevated) ? 0 : lowestElevated, rising == 0 ? 0 : sumSlopeRising / rising,
                    seen == 0 ? 0 : sumNormal / seen);
        }

        static Tally of(MetricEvidence e) {
            Tally t = new Tally();
            t.seen = e.seen();
            t.elevated = e.elevated();
            t.rising = e.rising();
            t.sumBefore = e.meanBefore() * e.seen();
            t.lowestElevated = e.elevated() == 0 ? Double.NaN : e.lowestElevated();
            t.sumSlopeRising = e.meanSlopePerMinute() * e.rising();
            t.sumNormal = e.meanNormal() * e.seen();
            return t;
        }
    }

    private static final class Summary {
        long failures;
        Instant last;
        final Map<String, Tally> metrics = new TreeMap<>();
        final Set<String> stated = new java.util.TreeSet<>();
    }

    private final PredictionConfig config;
    private final Map<InstanceId, ResourceWindow> windows = new HashMap<>();
    private final Map<InstanceId, Map<String, RobustBaseline>> baselines = new HashMap<>();
    private final Map<Key, Summary> summaries = new LinkedHashMap<>();

    /** @param config the window, the consistency rule and the baselines' settings */
    public ResourceCorrelator(PredictionConfig config) {
        this.config = config;
    }

    /**
     * One health round of an instance: its metrics join the window; in a healthy round they also
     * feed the baselines and are judged against them.
     *
     * @param instance the instance
     * @param metrics the round's metrics
     * @param healthy whether every probe that answered said HEALTHY
     * @param at when
     * @return the metrics that drift from their normal after this round (empty when none, or when
     *     the round was not healthy: a problem the probes see is theirs to report)
     */
    public List<Drift> observe(InstanceId instance, Map<String, Double> metrics, boolean healthy, Instant at) {
        if (!config.enabled() || metrics.isEmpty()) {
            return List.of();
        }
        windows.computeIfAbsent(instance, i -> new ResourceWindow(config.window())).add(metrics, at);
        if (!healthy) {
            return List.of();
        }
        Map<String, RobustBaseline> own = baselines.computeIfAbsent(instance, i -> new HashMap<>());
        List<Drift> drifts = null;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (NOT_CORRELATED.contains(e.getKey())) {
                continue;
            }
            RobustBaseline b = own.computeIfAbsent(e.getKey(), k -> new RobustBaseline(config.baselineHalfLife(),
                    config.driftThreshold(), config.horizon(), config.hourOfDay()));
            if (b.add(e.getValue(), at) && !NOT_WATCHED.contains(e.getKey())) {
                if (drifts == null) {
                    drifts = new ArrayList<>();
                }
                drifts.add(new Drift(e.getKey(), e.getValue(), b.level(), b.spread()));
            }
        }
        return drifts == null ? List.of() : drifts;
    }

    /**
     * @param instance an instance
     * @param metric a metric
     * @return its baseline, when one is kept
     */
    public Optional<RobustBaseline> baseline(InstanceId instance, String metric) {
        return Optional.ofNullable(baselines.getOrDefault(instance, Map.of()).get(metric));
    }

    /**
     * A failure was detected (once per incident): what the window before it showed is compared
     * with the baselines and added to the summary of its worker, failure kind and pattern.
     *
     * @param instance the failing instance
     * @param failure its kind
     * @param pattern its error pattern, if any
     * @param at the detection
     * @return what it taught; empty when correlation is off
     */
    public Optional<Learned> onFailure(InstanceId instance, FailureKind failure, Optional<String> pattern, Instant at) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        ResourceWindow window = windows.get(instance);
        Map<String, ResourceWindow.MetricTrend> trends = window == null ? Map.of() : window.trends(at);
        Map<String, RobustBaseline> own = baselines.getOrDefault(instance, Map.of());
        List<Sign> signs = new ArrayList<>();
        Key key = new Key(instance.worker().value(), failure, pattern.orElse(""));
        Summary s = summaries.computeIfAbsent(key, k -> new Summary());
        s.failures++;
        s.last = at;
        for (ResourceWindow.MetricTrend t : trends.values()) {
            RobustBaseline b = own.get(t.metric());
            if (NOT_CORRELATED.contains(t.metric()) || b == null || !b.warm()) {
                continue; // nothing to compare with yet
            }
            boolean elevated = b.zScore(t.last()) >= ELEVATED;
            boolean rising = t.slopePerMinute() > 0 && t.rise() >= RISING * b.spread();
            Tally tally = s.metrics.computeIfAbsent(t.metric(), m -> new Tally());
            tally.seen++;
            tally.sumBefore += t.last();
            tally.sumNormal += b.level();
            if (elevated) {
                tally.elevated++;
                tally.lowestElevated = Double.isNaN(tally.lowestElevated) ? t.last() : Math.min(tally.lowestElevated, t.last());
            }
            if (rising) {
                tally.rising++;
                tally.sumSlopeRising += t.slopePerMinute();
            }
            if (elevated || rising) {
                signs.add(new Sign(t.metric(), elevated, rising, t.last(), t.slopePerMinute(), b.level()));
            }
        }
        // the drifts led here; what follows the recovery is judged afresh
        own.values().forEach(RobustBaseline::endDrift);
        ResourceCorrelation summary = toCorrelation(key, s);
        List<ResourceCorrelation.Finding> fresh = new ArrayList<>();
        for (ResourceCorrelation.Finding f : summary.findings(config.minFailures(), config.minShare())) {
            if (s.stated.add(f.metric())) {
                fresh.add(f);
            }
        }
        return Optional.of(new Learned(List.copyOf(signs), summary, List.copyOf(fresh)));
    }

    /**
     * A new incarnation of an instance runs: its window starts afresh (the old process's memory
     * says nothing of the new one's trend). The baselines stay: they are the slot's normal.
     *
     * @param instance the instance
     */
    public void newIncarnation(InstanceId instance) {
        ResourceWindow w = windows.get(instance);
        if (w != null) {
            w.clear();
        }
    }

    /**
     * @param worker a worker
     * @param failure a failure kind
     * @param pattern an error pattern, if any
     * @return the summary of that worker's failures of that kind and pattern, if any was seen
     */
    public Optional<ResourceCorrelation> summary(WorkerId worker, FailureKind failure, Optional<String> pattern) {
        Key key = new Key(worker.value(), failure, pattern.orElse(""));
        Summary s = summaries.get(key);
        return s == null ? Optional.empty() : Optional.of(toCorrelation(key, s));
    }

    /** @return every summary, in the order first seen */
    public List<ResourceCorrelation> summaries() {
        List<ResourceCorrelation> out = new ArrayList<>();
        summaries.forEach((k, s) -> out.add(toCorrelation(k, s)));
        return out;
    }

    /**
     * Takes back saved summaries (at start); findings they already hold are not news again.
     *
     * @param saved the summaries of a previous run
     */
    public void restore(List<ResourceCorrelation> saved) {
        for (ResourceCorrelation c : saved) {
            Key key = new Key(c.worker(), c.failure(), c.pattern().orElse(""));
            Summary s = new Summary();
            s.failures = c.failures();
            s.last = c.lastFailure();
            c.metrics().forEach(m -> s.metrics.put(m.metric(), Tally.of(m)));
            c.findings(config.minFailures(), config.minShare()).forEach(f -> s.stated.add(f.metric()));
            summaries.put(key, s);
        }
    }

    private static ResourceCorrelation toCorrelation(Key k, Summary s) {
        List<MetricEvidence> metrics = new ArrayList<>();
        s.metrics.forEach((name, t) -> metrics.add(t.evidence(name)));
        return new ResourceCorrelation(k.worker(), k.failure(), k.pattern().isEmpty() ? Optional.empty()
                : Optional.of(k.pattern()), s.failures, metrics, s.last);
    }

    /**
     * @param metric a metric's name
     * @return whether it measures memory (the planner's memory-climb rule): resident size, memory
     *     percent, or a heap figure a worker reports in its heartbeat
     */
    public static boolean memoryMetric(String metric) {
        return !metric.startsWith("host_") && (metric.contains("memory") || metric.startsWith("rss") || metric.contains("heap"));
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        return String.format(java.util.Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }
}
