/**
 * The engine's front door: {@link io.github.workerrecovery.core.WorkerAutoRecovery} runs the
 * supervision that a {@link io.github.workerrecovery.core.RecoveryConfig} (built in code or read
 * by {@link io.github.workerrecovery.core.ConfigFileReader}) describes.
 *
 * <p><b>What {@code recovery-core} exports.</b> Public API, for hosts and front ends: this
 * package (config, status, the engine), {@code core.io} (atomic file writes), {@code
 * core.runtime} and {@code core.process} (the worker runtime seam and OS processes), {@code
 * core.patterns} (error pattern mining) and the built-in providers in {@code core.probe}, {@code
 * core.action}, {@code core.notify} and {@code core.store}, which a host uses by name in config
 * rather than by class. Everything under {@code io.github.workerrecovery.core.internal} is
 * internal: it may change in any release, is left out of the javadoc, and no other module may
 * import it (a build test enforces this).
 */
package io.github.workerrecovery.core;
