/**
 * Detection before the threshold: the baselines' early warnings and the learned precursors' actions
 * against the static thresholds, on a seeded simulated world ({@link io.github.workerrecovery.bench.prediction.PredictionBench}).
 */
package io.github.workerrecovery.bench.prediction;
