/**
 * Benchmarks of the library against its peers. {@link io.github.workerrecovery.bench.CrashToReplacementBench}
 * times SIGKILL to a replacement's first output line for the library, supervisord and a bare
 * spawn of the same worker, in one run.
 */
package io.github.workerrecovery.bench;
