package io.github.workerrecovery.api;

/**
 * The service type by which {@link java.util.ServiceLoader} finds sage notifiers: list the provider
 * classes in {@code META-INF/services/io.github.workerrecovery.api.SageNotifierProvider}. Each has a public
 * no-argument constructor and {@link #create creates} its {@link SageNotifier}. See
 * {@link PluginProvider} for the contract.
 */
public interface SageNotifierProvider extends PluginProvider<SageNotifier> {
}
