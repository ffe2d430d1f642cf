package io.github.workerrecovery.bench.prediction;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.prediction.ErrorPrecursors;
import io.github.workerrecovery.core.prediction.PrecursorPredictor;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Foretold;
import io.github.workerrecovery.core.patterns.ErrorPatternMiner;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Error patterns as precursors, measured ({@code PredictionBench --scenario errors}): a seeded world
 * of workers that crash after a stretch of "connection pool exhausted" warnings (5 to 30 min of
 * them, sparse: the first at the start, then about three more; in one stretch of three they thicken
 * to a burst in the last 3 min), and sometimes suddenly with nothing before; the failing workers
 * also write the same warning now and then while healthy (once in 4 h on average), and the healthy
 * workers write it once in 2 h and never fail. Every worker writes unrelated error lines too (once
 * an hour). Every line goes through the library's {@link ErrorPatternMiner}; the patterns through
 * {@link ErrorPrecursors} and the predictions through {@link PrecursorPredictor}, as the engine does.
 *
 * <p>Three policies play the same world: the static error-rate threshold (0.3 errors/min, 3 checks
 * in a row, the defaults), the precursor predictions without action (watched), and predictive
 * actions plus the static threshold. A detection is true when a warning stretch that ends in a crash
 * is in progress; the lead is the time to that crash; an action takes effect {@code action} later
 * and averts the crash when it comes first.
 */
final class ErrorPrecursorBench {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private static final double THRESHOLD_PER_MINUTE = 0.3;

    enum Policy { STATIC, WATCHED, PREDICTIVE }

    private ErrorPrecursorBench() {
    }

    /** Runs the three policies and prints their rows. */
    static void run(PredictionBench.Settings s) {
        System.out.printf(Locale.ROOT, "error precursors: %d failing + %d healthy workers, %.0f h, one check every %.0f s, "
                + "action takes %.0f s, horizon %d min, every %d trusted prediction watched, seed %d%n", s.failing(), s.healthy(),
                s.hours(), s.interval(), s.actionSeconds(), s.horizonMinutes(), s.watchEvery(), s.seed());
        System.out.println("| policy | detections | true | false | precision | recall | median lead | crashes (sudden) "
                + "| avoided | false detections per 100 healthy worker-hours |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Policy p : Policy.values()) {
            PredictionBench.Tally t = play(p, s);
            double precision = t.detections == 0 ? 0 : (double) t.trueDetections / t.detections;
            double recall = t.opportunities == 0 ? 0 : (double) t.failuresDetected / t.opportunities;
            double healthyHours = t.healthySteps * s.interval() / 3600;
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %s | %d (%d) | %d | %.2f |%n", name(p),
                    t.detections, t.trueDetections, t.falseDetections, precision, recall,
                    PredictionBench.median(t.leadMinutes), t.failures, t.suddenFailures, t.avoided,
                    100.0 * t.falseDetections / healthyHours);
            if (t.accounting != null) {
                System.out.printf(Locale.ROOT, "  predictor's own accounting: %d hits, %d false alarms, %d averted, %d wrong; "
                        + "precision of the watched predictions %.3f%n", t.accounting.hits(), t.accounting.falseAlarms(),
                        t.accounting.averted(), t.accounting.wrong(), t.accounting.precision());
            }
        }
    }

    private static String name(Policy p) {
        return switch (p) {
            case STATIC -> "static error-rate threshold alone";
            case WATCHED -> "error-pattern precursors, watched (no action)";
            case PREDICTIVE -> "error-pattern precursor actions + static";
        };
    }

    /** A simulated clock for the miner: the step's time. */
    private static final class StepTime implements TimeSource {
        Instant now = T0;

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public long nanoTime() {
            return Duration.between(T0, now).toNanos();
        }
    }

    static PredictionBench.Tally play(Policy policy, PredictionBench.Settings s) {
        PredictionBench.Tally t = new PredictionBench.Tally();
        PredictionConfig config = PredictionConfig.ofDefaults().withHorizon(Duration.ofMinutes(s.horizonMinutes()));
        StepTime time = new StepTime();
        ErrorPatternMiner miner = new ErrorPatternMiner(time);
        ErrorPrecursors precursors = new ErrorPrecursors(config);
        PrecursorPredictor predictor = new PrecursorPredictor(config.horizon(), s.watchEvery());
        int steps = (int) Math.round(s.hours() * 3600 / s.interval());
        double stepsPerMinute = 60 / s.interval();
        int actionSteps = (int) Math.ceil(s.actionSeconds() / s.interval());
        int rateWindow = (int) Math.max(1, Math.round(stepsPerMinute));
        SplittableRandom root = new SplittableRandom(s.seed());
        for (int index = 0; index < s.failing() + s.healthy(); index++) {
            // the same draws for every policy: one generator per worker, split from the seed in order
            SplittableRandom r = root.split();
            // three streams, so that what a policy does changes no later draw: episodes (drawn whole,
            // one per episode), per-step chances (two draws every step), and the lines' text
            SplittableRandom episodes = r.split();
            SplittableRandom chances = r.split();
            SplittableRandom text = r.split();
            boolean failing = index < s.failing();
            WorkerId worker = WorkerId.of("w" + index);
            InstanceId id = new InstanceId(worker, 0);
            int[] linesAt = new int[steps]; // error lines per step, for the static rate
            double[] episode = nextEpisode(episodes, s);
            int healthyLeft = failing ? (int) episode[0] : Integer.MAX_VALUE;
            int crashAt = -1; // the step of the crash a running stretch ends in
            double warnChance = 0;
            boolean burst = false;
            int staticStreak = 0;
            boolean staticFired = false;
            int actionDue = -1;
            boolean detected = false;
            PrecursorPredictor.Prediction acting = null;
            boolean started = false;
            int countFrom = 0;
            for (int step = 0; step < steps; step++) {
                Instant at = T0.plusMillis((long) (step * s.interval() * 1000));
                time.now = at;
                predictor.expire(at);
                double chance1 = chances.nextDouble();
                double chance2 = chances.nextDouble();
                // what the worker does this step
                if (failing && crashAt < 0 && --healthyLeft <= 0) {
                    if (episode[1] < 0.75) {
                        int stretch = (int) Math.round((5 + 25 * episode[2]) * stepsPerMinute);
                        crashAt = step + stretch;
                        warnChance = 1.0 / (3 * stepsPerMinute);
                        burst = episode[3] < 1.0 / 3;
                        started = true;
                    } else {
                        crash(t, true, detected, predictor, precursors, miner, id, at);
                        episode = nextEpisode(episodes, s);
                    healthyLeft = (int) episode[0];
                        detected = false;
                        actionDue = -1;
                        acting = null;
                        countFrom = step + 1;
                        staticStreak = 0;
                        continue;
                    }
                }
                if (crashAt >= 0) {
                    boolean thick = burst && crashAt - step <= 3 * stepsPerMinute;
                    if (started || chance1 < (thick ? 0.9 : warnChance)) {
                        started = false;
                        Optional<PrecursorPredictor.Prediction> opened =
                                write(miner, precursors, predictor, t, policy, id, warning(text), at, linesAt, step);
                        if (opened.isPresent()) {
                            detected = true;
                            countTrue(t, step, crashAt, s);
                            if (policy == Policy.PREDICTIVE && actionDue < 0) {
                                predictor.acted(opened.get());
                                acting = opened.get();
                                actionDue = step + actionSteps;
                            }
                        }
                    }
                } else {
                    t.healthySteps++;
                    double chance = failing ? 1.0 / (240 * stepsPerMinute) : 1.0 / (120 * stepsPerMinute);
                    if (chance1 < chance) {
                        Optional<PrecursorPredictor.Prediction> opened =
                                write(miner, precursors, predictor, t, policy, id, warning(text), at, linesAt, step);
                        if (opened.isPresent()) {
                            t.detections++;
                            t.falseDetections++;
                            if (policy == Policy.PREDICTIVE) {
                                // the action runs, is verified (the worker was fine), nothing follows
                                predictor.acted(opened.get());
                                predictor.actionVerified(opened.get(), true, at);
                            }
                        }
                    }
                }
                if (chance2 < 1.0 / (60 * stepsPerMinute)) {
                    write(miner, precursors, predictor, t, policy, id, unrelated(text), at, linesAt, step);
                }
                // the action in time averts the crash
                if (crashAt >= 0 && actionDue == step && step < crashAt) {
                    t.avoided++;
                    t.opportunities++;
                    t.failuresDetected++;
                    if (acting != null) {
                        predictor.actionVerified(acting, true, at);
                    }
                    crashAt = -1;
                    episode = nextEpisode(episodes, s);
                    healthyLeft = (int) episode[0];
                    detected = false;
                    actionDue = -1;
                    acting = null;
                    countFrom = step + 1; // as in the engine: the rate counts errors written after the recovery
                    staticStreak = 0;
                    continue;
                }
                if (crashAt >= 0 && step >= crashAt) {
                    crash(t, false, detected, predictor, precursors, miner, id, at);
                    crashAt = -1;
                    episode = nextEpisode(episodes, s);
                    healthyLeft = (int) episode[0];
                    detected = false;
                    actionDue = -1;
                    acting = null;
                    countFrom = step + 1; // as in the engine: the rate counts errors written after the recovery
                    staticStreak = 0;
                    continue;
                }
                // the static threshold: errors in the last minute, 3 checks in a row
                int lines = 0;
                for (int k = Math.max(countFrom, step - rateWindow + 1); k <= step; k++) {
                    lines += linesAt[k];
                }
                boolean over = lines / (rateWindow / stepsPerMinute) > THRESHOLD_PER_MINUTE;
                staticStreak = over ? staticStreak + 1 : 0;
                staticFired &= over;
                if (policy != Policy.WATCHED && staticStreak >= 3 && !staticFired) {
                    staticFired = true;
                    // as in the engine: a detected failure (HIGH_ERROR_RATE) closes the open predictions
                    predictor.failed(id, at);
                    acting = null;
                    precursors.onFailure(id, FailureKind.HIGH_ERROR_RATE, Optional.of("rate"), at);
                    if (policy == Policy.STATIC) {
                        if (crashAt >= 0) {
                            detected = true;
                            countTrue(t, step, crashAt, s);
                        } else {
                            t.detections++;
                            t.falseDetections++;
                        }
                    }
                    if (crashAt >= 0 && actionDue < 0) {
                        actionDue = step + actionSteps;
                    }
                }
            }
        }
        t.accounting = policy == Policy.PREDICTIVE ? predictor.total() : null;
        return t;
    }

    /** @return healthy steps (2 to 10 h), then draws for: a warning stretch or sudden, its length, a burst */
    private static double[] nextEpisode(SplittableRandom r, PredictionBench.Settings s) {
        return new double[] {Math.round((2 + 8 * r.nextDouble()) * 3600 / s.interval()), r.nextDouble(), r.nextDouble(),
                r.nextDouble()};
    }

    private static String warning(SplittableRandom r) {
        int size = 20 + r.nextInt(80);
        return "WARN HikariPool-1 - connection pool exhausted: " + size + " of " + size + " busy, waited "
                + (100 + r.nextInt(5000)) + " ms for a connection (request " + r.nextInt(1_000_000) + ")";
    }

    private static String unrelated(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> "ERROR invalid order " + r.nextInt(100_000) + ": missing field 'customer'";
            case 1 -> "WARN slow query took " + (1000 + r.nextInt(9000)) + " ms on table orders";
            default -> "ERROR upstream http://10.0.0." + r.nextInt(255) + ":8080/price returned 503";
        };
    }

    /**
     * A line is written: mined, seen, and when a finding names its pattern as a precursor of this
     * worker's failure, a prediction opens (a detection of the watched and predictive policies when
     * the predictor lets it act, for the predictive one: {@link PrecursorPredictor#decide}).
     */
    private static Optional<PrecursorPredictor.Prediction> write(ErrorPatternMiner miner, ErrorPrecursors precursors,
            PrecursorPredictor predictor, PredictionBench.Tally t, Policy policy, InstanceId id, String line, Instant at,
            int[] linesAt, int step) {
        linesAt[step]++;
        String pattern = miner.add(id.worker(), io.github.workerrecovery.core.patterns.ErrorEvent.line(line))
                .orElseThrow().id();
        precursors.seen(id, pattern, at);
        Optional<io.github.workerrecovery.core.prediction.ErrorPrecursor> found = precursors.precursor(id.worker(), pattern);
        if (found.isEmpty() || policy == Policy.STATIC) {
            return Optional.empty();
        }
        Foretold foretold = new Foretold(Optional.of(found.get().failure()), found.get().failurePattern());
        Optional<PrecursorPredictor.Prediction> opened = predictor.open(id, "pattern:" + pattern, foretold, at);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        if (policy == Policy.PREDICTIVE && !predictor.decide(opened.get(), PrecursorPredictor.Source.LEARNED)) {
            return Optional.empty(); // watched; its verdict still counts
        }
        return opened;
    }

    private static void crash(PredictionBench.Tally t, boolean sudden, boolean detected, PrecursorPredictor predictor,
                              ErrorPrecursors precursors, ErrorPatternMiner miner, InstanceId id, Instant at) {
        t.failures++;
        t.opportunities++;
        if (sudden) {
            t.suddenFailures++;
        }
        if (detected) {
            t.failuresDetected++;
        }
        predictor.failed(id, at);
        String pattern = miner.add(id.worker(), io.github.workerrecovery.core.patterns.ErrorEvent.line(sudden
                ? "Fatal Python error: Segmentation fault in thread " + (1000 + at.getEpochSecond() % 9000)
                : "FATAL worker exiting: java.lang.IllegalStateException: no database connection")).orElseThrow().id();
        precursors.onFailure(id, FailureKind.PROCESS_EXITED, Optional.of(pattern), at);
    }

    private static void countTrue(PredictionBench.Tally t, int step, int crashAt, PredictionBench.Settings s) {
        t.detections++;
        t.trueDetections++;
        t.leadMinutes.add((crashAt - step) * s.interval() / 60);
    }
}
