/**
 * The contract of Worker Auto-Recovery: the four service-provider interfaces
 * ({@link io.github.workerrecovery.api.HealthProbe}, {@link io.github.workerrecovery.api.RecoveryAction},
 * {@link io.github.workerrecovery.api.StrategyStore}, {@link io.github.workerrecovery.api.SageNotifier})
 * and the immutable values they exchange with the engine.
 *
 * <p>Every plug-in is a {@link io.github.workerrecovery.api.RecoveryPlugin} with a unique
 * {@linkplain io.github.workerrecovery.api.RecoveryPlugin#name() name}. It is made by a
 * {@link io.github.workerrecovery.api.PluginProvider} found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.github.workerrecovery.api.HealthProbeProvider} and its three
 * siblings), which declares the keys of its config section as a
 * {@link io.github.workerrecovery.api.SettingsSpec}; or the host builds it and gives it to the
 * config builder. The config is checked against every declared spec when it is built.
 *
 * <p>This module depends on the JDK only. No method of the API returns {@code null}; absent
 * values are {@link java.util.Optional}; returned collections are unmodifiable.
 *
 * <p><b>Exported surface:</b> the whole package is public API, and the only package of the
 * module. It imports nothing but {@code java.*} (a build test enforces this).
 */
package io.github.workerrecovery.api;
