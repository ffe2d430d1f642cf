package io.github.workerrecovery.api;

/**
 * The service type by which {@link java.util.ServiceLoader} finds recovery actions: list the provider
 * classes in {@code META-INF/services/io.github.workerrecovery.api.RecoveryActionProvider}. Each has a public
 * no-argument constructor and {@link #create creates} its {@link RecoveryAction}. See
 * {@link PluginProvider} for the contract.
 */
public interface RecoveryActionProvider extends PluginProvider<RecoveryAction> {
}
