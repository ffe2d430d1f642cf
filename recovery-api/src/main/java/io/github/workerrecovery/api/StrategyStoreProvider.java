package io.github.workerrecovery.api;

/**
 * The service type by which {@link java.util.ServiceLoader} finds strategy stores: list the provider
 * classes in {@code META-INF/services/io.github.workerrecovery.api.StrategyStoreProvider}. Each has a public
 * no-argument constructor and {@link #create creates} its {@link StrategyStore}. See
 * {@link PluginProvider} for the contract.
 */
public interface StrategyStoreProvider extends PluginProvider<StrategyStore> {
}
