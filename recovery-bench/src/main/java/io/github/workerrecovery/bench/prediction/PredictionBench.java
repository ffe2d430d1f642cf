package io.github.workerrecovery.bench.prediction;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.bench.BenchArgs;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.prediction.PrecursorPredictor;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Foretold;
import io.github.workerrecovery.core.prediction.ResourceCorrelator;
import io.github.workerrecovery.core.prediction.ResourceCorrelation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Detection before the threshold, measured on a seeded simulated world ({@link PredictionWorld}):
 * workers that crash after a memory leak (and sometimes suddenly, with no precursor) and healthy
 * workers whose memory and CPU are noisy (gaussian noise, spikes, CPU bursts, a slow load wave).
 * Three policies play the same world, one sample per health check, through the library's own
 * {@link ResourceCorrelator} (baselines, drifts, correlation) and {@link PrecursorPredictor}
 * (accounting, trust):
 * <ol>
 *   <li><b>static</b>: the default thresholds alone (memory 85 %, CPU 80 %, 3 checks in a row);
 *   a detection starts an action that takes effect {@code action} later;</li>
 *   <li><b>drift</b>: the baselines' early warnings, no action: how early and how often right;</li>
 *   <li><b>predictive + static</b>: a drift whose metric a learned finding names as a precursor of
 *   this worker's crash starts the action when the predictor lets it ({@link PrecursorPredictor#decide}:
 *   a watched hit first, right at least as often as wrong on its watched predictions, and every
 *   {@code --watch-every}-th trusted prediction only watched); the static thresholds act as well.</li>
 * </ol>
 * A detection is true when a leak is in progress (in the simulation the crash that would follow is
 * known, also when an action averted it); the lead is the time from the detection to the crash
 * that came, or would have come without the action. Time is simulated: no clock, no threads.
 *
 * <pre>{@code
 * java -cp ... io.github.workerrecovery.bench.prediction.PredictionBench [--failing 20] [--healthy 20]
 *     [--hours 168] [--interval 30] [--seed 42] [--action 60] [--horizon 30] [--watch-every 8] [--hour-of-day true|false]
 * }</pre>
 */
public final class PredictionBench {

    private static final String USAGE = "usage: PredictionBench [--failing N] [--healthy N] [--hours H] [--interval S] "
            + "[--seed N] [--action S] [--horizon MINUTES] [--watch-every N] [--hour-of-day true|false] [--scenario memory|errors]";
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private static final Optional<String> LEAK_PATTERN = Optional.of("0000leak");
    private static final Optional<String> SUDDEN_PATTERN = Optional.of("0sudden0");

    enum Policy { STATIC, DRIFT, PREDICTIVE }

    record Settings(int failing, int healthy, double hours, double interval, long seed, double actionSeconds,
                    long horizonMinutes, int watchEvery, boolean hourOfDay, boolean errors) {
    }

    /** One policy's figures. */
    static final class Tally {
        long detections;
        long trueDetections;
        long falseDetections;
        long failuresDetected;
        long failures;
        long suddenFailures;
        long avoided;
        long opportunities;
        double healthySteps;
        final List<Double> leadMinutes = new ArrayList<>();
        PrecursorPredictor.Record accounting;
    }

    private PredictionBench() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        Optional<Settings> parsed = BenchArgs.parseOrExit(args, "PredictionBench", USAGE, PredictionBench::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Settings s = parsed.get();
        if (s.errors()) {
            ErrorPrecursorBench.run(s);
            return;
        }
        PredictionWorld world = new PredictionWorld(s.failing(), s.healthy(), s.hours(), s.interval(), s.seed());
        System.out.printf(Locale.ROOT, "%d failing + %d healthy workers, %.0f h, one check every %.0f s, action takes %.0f s, "
                + "horizon %d min, every %d trusted prediction watched, hour of day %s, seed %d%n", s.failing(), s.healthy(),
                s.hours(), s.interval(), s.actionSeconds(), s.horizonMinutes(), s.watchEvery(), s.hourOfDay(), s.seed());
        System.out.println("| policy | detections | true | false | precision | recall | median lead | failures (sudden) "
                + "| avoided | false detections per 100 healthy worker-hours |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Policy p : Policy.values()) {
            Tally t = run(world, p, s);
            double precision = t.detections == 0 ? 0 : (double) t.trueDetections / t.detections;
            double recall = t.opportunities == 0 ? 0 : (double) t.failuresDetected / t.opportunities;
            double healthyHours = t.healthySteps * s.interval() / 3600;
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %s | %d (%d) | %d | %.2f |%n", name(p),
                    t.detections, t.trueDetections, t.falseDetections, precision, recall, median(t.leadMinutes), t.failures,
                    t.suddenFailures, t.avoided, 100.0 * t.falseDetections / healthyHours);
            if (t.accounting != null) {
                System.out.printf(Locale.ROOT, "  predictor's own accounting: %d hits, %d false alarms, %d averted, %d wrong; "
                        + "precision of the watched predictions %.3f%n", t.accounting.hits(), t.accounting.falseAlarms(),
                        t.accounting.averted(), t.accounting.wrong(), t.accounting.precision());
            }
        }
    }

    private static String name(Policy p) {
        return switch (p) {
            case STATIC -> "static thresholds alone";
            case DRIFT -> "baseline drift warnings (no action)";
            case PREDICTIVE -> "learned precursor actions + static";
        };
    }

    static String median(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return String.format(Locale.ROOT, "%.1f min", sorted.get(sorted.size() / 2));
    }

    static Tally run(PredictionWorld world, Policy policy, Settings s) {
        Tally t = new Tally();
        PredictionConfig config = PredictionConfig.ofDefaults().withHorizon(Duration.ofMinutes(s.horizonMinutes()))
                .withHourOfDay(s.hourOfDay());
        ResourceCorrelator correlator = new ResourceCorrelator(config);
        PrecursorPredictor predictor = new PrecursorPredictor(config.horizon(), s.watchEvery());
        int actionSteps = (int) Math.ceil(s.actionSeconds() / s.interval());
        for (PredictionWorld.Worker w : world.workers) {
            InstanceId id = new InstanceId(WorkerId.of("w" + w.index), 0);
            int episode = 0;
            int healthyLeft = w.failing ? w.episodes.get(0).healthySteps() : Integer.MAX_VALUE;
            boolean leaking = false;
            double leak = 0;
            int staticStreak = 0;
            boolean staticFired = false;
            int actionDue = -1;
            boolean detectedThisEpisode = false;
            PrecursorPredictor.Prediction acting = null;
            for (int step = 0; step < world.steps; step++) {
                Instant at = T0.plusMillis((long) (step * s.interval() * 1000));
                predictor.expire(at);
                PredictionWorld.Episode ep = w.failing ? w.episodes.get(episode) : null;
                if (w.failing && !leaking && --healthyLeft <= 0) {
                    if (ep.leak()) {
                        leaking = true;
                        leak = 0;
                    } else {
                        // a sudden crash: nothing came before it
                        t.failures++;
                        t.suddenFailures++;
                        t.opportunities++;
                        if (detectedThisEpisode) {
                            t.failuresDetected++;
                        }
                        predictor.failed(id, at);
                        correlator.onFailure(id, FailureKind.PROCESS_EXITED, SUDDEN_PATTERN, at);
                        correlator.newIncarnation(id);
                        episode++;
                        healthyLeft = w.episodes.get(episode).healthySteps();
                        detectedThisEpisode = false;
                        actionDue = -1;
                        continue;
                    }
                }
                if (leaking) {
                    leak += ep.leakPerStep();
                } else {
                    t.healthySteps++;
                }
                double mem = w.memBase + leak + w.memNoise[step];
                double cpu = w.cpuBase + w.cpuNoise[step];
                if (leaking && actionDue == step) {
                    // the action took effect before the crash: averted
                    t.avoided++;
                    t.opportunities++;
                    if (detectedThisEpisode) {
                        t.failuresDetected++;
                    }
                    if (acting != null) {
                        predictor.actionVerified(acting, true, at);
                        acting = null;
                    }
                    leaking = false;
                    leak = 0;
                    correlator.newIncarnation(id);
                    episode++;
                    healthyLeft = w.episodes.get(episode).healthySteps();
                    detectedThisEpisode = false;
                    actionDue = -1;
                    continue;
                }
                if (leaking && mem >= PredictionWorld.CRASH_AT) {
                    t.failures++;
                    t.opportunities++;
                    if (detectedThisEpisode) {
                        t.failuresDetected++;
                    }
                    predictor.failed(id, at);
                    acting = null;
                    correlator.onFailure(id, FailureKind.PROCESS_EXITED, LEAK_PATTERN, at);
                    correlator.newIncarnation(id);
                    leaking = false;
                    leak = 0;
                    episode++;
                    healthyLeft = w.episodes.get(episode).healthySteps();
                    detectedThisEpisode = false;
                    actionDue = -1;
                    continue;
                }
                boolean overStatic = mem > 85 || cpu > 80;
                staticStreak = overStatic ? staticStreak + 1 : 0;
                if (!overStatic) {
                    staticFired = false;
                }
                if (policy != Policy.DRIFT && staticStreak >= 3 && !staticFired) {
                    staticFired = true;
                    // as in the engine, a threshold crossing is a detected failure (HIGH_MEMORY or HIGH_CPU): it
                    // closes the open predictions as hits and is summarised against the baselines
                    predictor.failed(id, at);
                    acting = null;
                    correlator.onFailure(id, mem > 85 ? FailureKind.HIGH_MEMORY : FailureKind.HIGH_CPU, Optional.empty(), at);
                    if (policy == Policy.STATIC) {
                        count(t, w, step, leaking, leak, ep, world, s);
                        detectedThisEpisode |= leaking;
                    }
                    if (leaking && actionDue < 0) {
                        actionDue = step + actionSteps;
                    }
                }
                List<ResourceCorrelator.Drift> drifts = correlator.observe(id,
                        Map.of("memory_percent", mem, "cpu_percent", cpu), !overStatic, at);
                for (ResourceCorrelator.Drift d : drifts) {
                    Foretold foretold = precursor(correlator, id, d.metric(), config);
                    Optional<PrecursorPredictor.Prediction> opened = predictor.open(id, d.metric(), foretold, at);
                    if (opened.isEmpty() || policy == Policy.STATIC) {
                        continue;
                    }
                    if (policy == Policy.DRIFT) {
                        count(t, w, step, leaking, leak, ep, world, s);
                        detectedThisEpisode |= leaking;
                    } else if (foretold != Foretold.DRIFT
                            && predictor.decide(opened.get(), PrecursorPredictor.Source.LEARNED)) {
                        count(t, w, step, leaking, leak, ep, world, s);
                        detectedThisEpisode |= leaking;
                        predictor.acted(opened.get());
                        acting = opened.get();
                        if (leaking && actionDue < 0) {
                            actionDue = step + actionSteps;
                        }
                    }
                }
            }
        }
        t.accounting = policy == Policy.PREDICTIVE ? predictor.total() : null;
        return t;
    }

    /**
     * What a drift of this metric foretells, chosen as the engine's {@code ResourceWatch} chooses: the
     * most consistent finding about this metric among the worker's failures of any kind and pattern.
     */
    private static Foretold precursor(ResourceCorrelator correlator, InstanceId id, String metric, PredictionConfig config) {
        Foretold best = Foretold.DRIFT;
        long count = 0;
        for (ResourceCorrelation c : correlator.summaries()) {
            if (!c.worker().equals(id.worker().value())) {
                continue;
            }
            for (ResourceCorrelation.Finding f : c.findings(config.minFailures(), config.minShare())) {
                if (f.metric().equals(metric) && f.count() > count) {
                    count = f.count();
                    best = new Foretold(Optional.of(c.failure()), c.pattern());
                }
            }
        }
        return best;
    }

    /** A detection: true when a leak runs, with the lead to the crash that comes (or would without an action). */
    private static void count(Tally t, PredictionWorld.Worker w, int step, boolean leaking, double leak,
                              PredictionWorld.Episode ep, PredictionWorld world, Settings s) {
        t.detections++;
        if (!leaking) {
            t.falseDetections++;
            return;
        }
        t.trueDetections++;
        double l = leak;
        for (int k = step + 1; k < world.steps; k++) {
            l += ep.leakPerStep();
            if (w.memBase + l + w.memNoise[k] >= PredictionWorld.CRASH_AT) {
                t.leadMinutes.add((k - step) * s.interval() / 60);
                return;
            }
        }
    }

    static Settings parse(String[] args) {
        int failing = 20;
        int healthy = 20;
        double hours = 168;
        double interval = 30;
        long seed = 42;
        double action = 60;
        long horizon = PredictionConfig.DEFAULT_HORIZON.toMinutes();
        boolean errors = false;
        int watchEvery = PredictionConfig.DEFAULT_WATCH_EVERY;
        boolean hourOfDay = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--failing" -> failing = Integer.parseInt(BenchArgs.value(args, ++i, "--failing"));
                case "--healthy" -> healthy = Integer.parseInt(BenchArgs.value(args, ++i, "--healthy"));
                case "--hours" -> hours = Double.parseDouble(BenchArgs.value(args, ++i, "--hours"));
                case "--interval" -> interval = Double.parseDouble(BenchArgs.value(args, ++i, "--interval"));
                case "--seed" -> seed = Long.parseLong(BenchArgs.value(args, ++i, "--seed"));
                case "--action" -> action = Double.parseDouble(BenchArgs.value(args, ++i, "--action"));
                case "--horizon" -> horizon = Long.parseLong(BenchArgs.value(args, ++i, "--horizon"));
                case "--hour-of-day" -> {
                    String v = BenchArgs.value(args, ++i, "--hour-of-day");
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new IllegalArgumentException("--hour-of-day must be true or false but was '" + v + "'");
                    }
                    hourOfDay = v.equals("true");
                }
                case "--watch-every" -> {
                    watchEvery = Integer.parseInt(BenchArgs.value(args, ++i, "--watch-every"));
                    if (watchEvery < 0 || watchEvery == 1) {
                        throw new IllegalArgumentException("--watch-every must be 0 (never) or >= 2 but was " + watchEvery);
                    }
                }
                case "--scenario" -> {
                    String scenario = BenchArgs.value(args, ++i, "--scenario");
                    if (!scenario.equals("memory") && !scenario.equals("errors")) {
                        throw new IllegalArgumentException("--scenario must be memory or errors but was '" + scenario + "'");
                    }
                    errors = scenario.equals("errors");
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return new Settings(failing, healthy, hours, interval, seed, action, horizon, watchEvery, hourOfDay, errors);
    }
}
