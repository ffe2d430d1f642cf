package io.github.workerrecovery.bench.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated workers of {@link PredictionBench}, seeded: their noise, spikes and bursts, and
 * for the failing ones a script of episodes (a healthy stretch, then a memory leak that ends in a
 * crash at 95 %, or a sudden crash with no precursor). The noise is drawn up front, one fixed
 * set of numbers per step, so every policy plays exactly the same world; only what a policy does
 * (an action in time resets a leak) changes what follows.
 */
final class PredictionWorld {

    /** Memory % at which a leaking worker crashes. */
    static final double CRASH_AT = 95;

    /** One episode of a failing worker: healthy for a while, then a leak or a sudden crash. */
    record Episode(int healthySteps, boolean leak, double leakPerStep) {
    }

    /** One simulated worker. */
    static final class Worker {
        final int index;
        final boolean failing;
        final double memBase;
        final double cpuBase;
        /** Per step: memory noise (with spikes and the slow load wave) and CPU noise (with bursts). */
        final double[] memNoise;
        final double[] cpuNoise;
        final List<Episode> episodes;

        Worker(int index, boolean failing, double memBase, double cpuBase, double[] memNoise, double[] cpuNoise,
               List<Episode> episodes) {
            this.index = index;
            this.failing = failing;
            this.memBase = memBase;
            this.cpuBase = cpuBase;
            this.memNoise = memNoise;
            this.cpuNoise = cpuNoise;
            this.episodes = episodes;
        }
    }

    final int steps;
    final double stepSeconds;
    final List<Worker> workers = new ArrayList<>();

    /**
     * @param failingWorkers workers that fail (after a leak, or suddenly)
     * @param healthyWorkers workers that never fail
     * @param hours simulated hours
     * @param stepSeconds the health-check interval
     * @param seed the seed of everything
     */
    PredictionWorld(int failingWorkers, int healthyWorkers, double hours, double stepSeconds, long seed) {
        this.stepSeconds = stepSeconds;
        this.steps = (int) Math.round(hours * 3600 / stepSeconds);
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < failingWorkers + healthyWorkers; i++) {
            SplittableRandom r = root.split();
            boolean failing = i < failingWorkers;
            double memBase = 30 + 20 * r.nextDouble();
            double memSd = 0.5 + 2 * r.nextDouble();
            double cpuBase = 10 + 30 * r.nextDouble();
            double cpuSd = 2 + 6 * r.nextDouble();
            double wavePeriodSteps = 6 * 3600 / stepSeconds;
            double phase = r.nextDouble() * 2 * Math.PI;
            double[] mem = new double[steps];
            double[] cpu = new double[steps];
            for (int s = 0; s < steps; s++) {
                double wave = memSd * Math.sin(phase + 2 * Math.PI * s / wavePeriodSteps);
                double spike = r.nextDouble() < 0.01 ? 5 + 10 * r.nextDouble() : 0;
                mem[s] = wave + memSd * r.nextGaussian() + spike;
                double burst = r.nextDouble() < 0.03 ? 20 + 20 * r.nextDouble() : 0;
                cpu[s] = cpuSd * r.nextGaussian() + burst;
            }
            List<Episode> episodes = new ArrayList<>();
            if (failing) {
                for (int e = 0; e < 1000; e++) {
                    // healthy for 2 to 10 hours, then 3 of 4 times a leak of 0.3 to 6 % a minute, else a sudden crash
                    int healthy = (int) Math.round((2 + 8 * r.nextDouble()) * 3600 / stepSeconds);
                    boolean leak = r.nextDouble() < 0.75;
                    double perMinute = 0.3 + 5.7 * r.nextDouble();
                    episodes.add(new Episode(healthy, leak, perMinute * stepSeconds / 60));
                }
            }
            workers.add(new Worker(i, failing, memBase, cpuBase, mem, cpu, episodes));
        }
    }
}
