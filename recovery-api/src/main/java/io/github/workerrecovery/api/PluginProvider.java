package io.github.workerrecovery.api;

/**
 * Makes one kind of plug-in: found by {@link java.util.ServiceLoader} (through one of the four
 * service types {@link HealthProbeProvider}, {@link RecoveryActionProvider},
 * {@link StrategyStoreProvider}, {@link SageNotifierProvider}) or given to the config builder.
 * The provider declares its name and the keys of its {@code plugins.<name>} section; the config
 * is checked against them when it is built, and the engine then calls {@link #create} once for
 * each provider in use, with the checked section.
 *
 * <p>This is the single discovery pattern of the library: a provider is cheap to construct (a
 * public no-argument constructor for ServiceLoader) and does no work until {@code create}; the
 * object it creates is fully built and immutable in its settings, and receives what it needs in
 * its constructor. A host that needs its own objects inside a plug-in builds the plug-in itself
 * and gives the instance to the config builder instead.
 *
 * <p>Names are unique per plug-in type: two providers of one type with the same name are a
 * configuration error naming both classes.
 *
 * @param <P> the kind of plug-in made
 */
public interface PluginProvider<P extends RecoveryPlugin> {

    /**
     * The unique, stable name of the plug-in, as used in config files (for example
     * {@code "restart"}, {@code "http"}, {@code "json"}, {@code "log"}): lower case, digits,
     * {@code _} and {@code -}. The created plug-in's {@link RecoveryPlugin#name()} is the same.
     *
     * @return the name, never blank
     */
    String name();

    /**
     * The keys of the plug-in's own {@code plugins.<name>} section. The default takes none.
     *
     * @return the declared settings
     */
    default SettingsSpec settings() {
        return SettingsSpec.none();
    }

    /**
     * Creates the plug-in. Called at most once per engine, only when the plug-in is in use, with
     * a section already checked against {@link #settings()}: the typed getters of
     * {@link PluginSettings} do not throw for declared keys. What the spec cannot express (a URL's
     * scheme, a file that must exist) is checked here.
     *
     * @param context the checked section and the engine's services
     * @return the plug-in, ready for use
     * @throws Exception when the plug-in cannot be made; the engine reports this provider's class
     *     and the cause as a configuration problem and refuses to start
     */
    P create(PluginContext context) throws Exception;
}
