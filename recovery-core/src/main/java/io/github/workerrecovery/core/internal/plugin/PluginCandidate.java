package io.github.workerrecovery.core.internal.plugin;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginProvider;
import io.github.workerrecovery.api.RecoveryPlugin;
import io.github.workerrecovery.api.SettingsSpec;

/**
 * A plug-in the config may use: a provider that will create it, or an instance the host built.
 * Either way it has a name, the class to name in messages, and the settings it declares.
 *
 * @param name the plug-in's name
 * @param source the class named in messages: the provider's, or the instance's
 * @param settings the keys of its {@code plugins.<name>} section; none for a ready instance
 * @param workerSettings the keys of a worker's {@code probes.<name>} section (probes only)
 * @param factory makes the plug-in
 * @param <P> the plug-in interface
 */
record PluginCandidate<P extends RecoveryPlugin>(String name, Class<?> source, SettingsSpec settings,
                                                 SettingsSpec workerSettings, Factory<P> factory) {

    /** Makes the plug-in from its checked context. */
    @FunctionalInterface
    interface Factory<P> {
        P create(PluginContext context) throws Exception;
    }

    static <P extends RecoveryPlugin> PluginCandidate<P> of(String name, PluginProvider<P> provider) {
        SettingsSpec workers = provider instanceof HealthProbeProvider p ? p.workerSettings() : SettingsSpec.none();
        return new PluginCandidate<>(name, provider.getClass(), provider.settings(), workers, provider::create);
    }

    static <P extends RecoveryPlugin> PluginCandidate<P> ofInstance(String name, P instance) {
        SettingsSpec workers = instance instanceof HealthProbe p ? p.workerSettings() : SettingsSpec.none();
        return new PluginCandidate<>(name, instance.getClass(), SettingsSpec.none(), workers, context -> instance);
    }
}
