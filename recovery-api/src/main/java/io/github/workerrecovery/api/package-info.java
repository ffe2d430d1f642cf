/**
 * The contract of Worker Auto-Recovery: the four service-provider interfaces
 * ({@link io.github.workerrecovery.api.HealthProbe}, {@link io.github.workerrecovery.api.RecoveryAction},
 * {@link io.github.workerrecovery.api.StrategyStore}, {@link io.github.workerrecovery.api.SageNotifier})
 * and the immutable values they exchange with the engine.
 *
 * <p>Every provider is a {@link io.github.workerrecovery.api.RecoveryPlugin}: it has a unique
 * {@linkplain io.github.workerrecovery.api.RecoveryPlugin#name() name}, is found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/<interface>}) or registered on the
 * config builder, and is configured once from its own config section through
 * {@link io.github.workerrecovery.api.RecoveryPlugin#configure(PluginContext)}.
 *
 * <p>This module depends on the JDK only. No method of the API returns {@code null}; absent
 * values are {@link java.util.Optional}; returned collections are unmodifiable.
 *
 * <p><b>Exported surface:</b> the whole package is public API, and the only package of the
 * module. It imports nothing but {@code java.*} (a build test enforces this).
 */
package io.github.workerrecovery.api;
