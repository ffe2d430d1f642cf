/**
 * The error-pattern miner's JMH benchmark ({@link io.github.workerrecovery.bench.patterns.PatternMinerBenchmark}),
 * its retained memory at the pattern cap ({@link io.github.workerrecovery.bench.patterns.PatternMinerFootprint}),
 * and the seeded corpus both mine ({@link io.github.workerrecovery.bench.patterns.MinerCorpus}).
 */
package io.github.workerrecovery.bench.patterns;
