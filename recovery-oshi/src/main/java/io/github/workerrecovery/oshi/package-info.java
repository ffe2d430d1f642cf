/**
 * Resource probe, memory-leak prediction and JVM memory cleanup for Worker Auto-Recovery, found
 * by the core through {@code META-INF/services} only.
 *
 * <ul>
 *   <li>{@link io.github.workerrecovery.oshi.ResourceProbe} ({@code resources}): per instance CPU %
 *   between two samples, resident memory, threads and open file descriptors (optionally summed
 *   over the process tree), host CPU, memory and swap; WARNING/CRITICAL over the thresholds; a
 *   Theil–Sen trend of resident memory that predicts {@code MEMORY_LEAK} before the threshold is
 *   crossed.</li>
 *   <li>{@link io.github.workerrecovery.oshi.JvmMemoryCleanupAction} ({@code jvm_memory_cleanup}):
 *   {@code jcmd <pid> GC.run} for a JVM worker, the configured signal otherwise.</li>
 * </ul>
 *
 * <p>Per-process numbers come from {@code /proc/<pid>/stat} and the size of {@code /proc/<pid>/fd}
 * on Linux (one read per process per pass), from OSHI elsewhere; host numbers come from OSHI.
 *
 * <p><b>Exported surface:</b> the public provider classes above (named in config, or registered
 * on the config builder); everything package-private is internal. Like every plug-in, this module
 * is written against {@code recovery-api} only and imports nothing from {@code recovery-core}
 * (a build test enforces this).
 */
package io.github.workerrecovery.oshi;
