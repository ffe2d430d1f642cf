package io.github.workerrecovery.api;

/**
 * The service type by which {@link java.util.ServiceLoader} finds health probes: list the provider
 * classes in {@code META-INF/services/io.github.workerrecovery.api.HealthProbeProvider}. Each has a public
 * no-argument constructor and {@link #create creates} its {@link HealthProbe}. See
 * {@link PluginProvider} for the contract.
 */
public interface HealthProbeProvider extends PluginProvider<HealthProbe> {

    /**
     * The keys a worker may give in its {@code workers.<id>.probes.<name>} section for this
     * probe; every worker's section is checked against it when the config is built. The default
     * takes none, so a probe that reads worker settings must declare them.
     *
     * @return the declared worker settings
     */
    default SettingsSpec workerSettings() {
        return SettingsSpec.none();
    }
}
