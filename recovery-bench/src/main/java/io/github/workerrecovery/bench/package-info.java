/**
 * Benchmarks of the library against its peers. {@link io.github.workerrecovery.bench.CrashToReplacementBench}
 * times SIGKILL to a replacement's first output line for the library, supervisord and a bare
 * spawn of the same worker, in one run; {@link io.github.workerrecovery.bench.SamplingCostBench}
 * ({@code sampling-cost}, the jar's first argument) times a health round of the {@code resources}
 * probe against a plain read of procfs.
 */
package io.github.workerrecovery.bench;
