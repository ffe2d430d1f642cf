/**
 * The built-in recovery actions: {@code restart}, {@code graceful_restart}, {@code scale_up},
 * {@code connection_reset}, {@code memory_cleanup}. Each works through the
 * {@link io.github.workerrecovery.api.WorkerControl} the engine hands it, so it serves process
 * and in-JVM workers alike.
 */
package io.github.workerrecovery.core.action;
