package io.github.workerrecovery.core.internal.plugin;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.PluginProvider;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;
import io.github.workerrecovery.api.RecoveryPlugin;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.SageNotifierProvider;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.StrategyStoreProvider;

/**
 * One of the four plug-in types: its plug-in interface, the service type ServiceLoader looks
 * up, and the words used for it in messages.
 *
 * @param plugin the plug-in interface
 * @param service the provider service type
 * @param what the type in words, e.g. {@code health probe}
 * @param <P> the plug-in interface
 */
record PluginKind<P extends RecoveryPlugin>(Class<P> plugin, Class<? extends PluginProvider<P>> service, String what) {

    static final PluginKind<HealthProbe> PROBE = new PluginKind<>(HealthProbe.class, HealthProbeProvider.class, "health probe");
    static final PluginKind<RecoveryAction> ACTION =
            new PluginKind<>(RecoveryAction.class, RecoveryActionProvider.class, "recovery action");
    static final PluginKind<StrategyStore> STORE =
            new PluginKind<>(StrategyStore.class, StrategyStoreProvider.class, "strategy store");
    static final PluginKind<SageNotifier> NOTIFIER =
            new PluginKind<>(SageNotifier.class, SageNotifierProvider.class, "sage notifier");
}
