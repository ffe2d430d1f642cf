package io.github.workerrecovery.api;

/**
 * What every provider of the four SPIs has in common: a unique name, a configuration step and a
 * close step. This is the single discovery pattern of the library.
 *
 * <p>A provider found by {@link java.util.ServiceLoader} needs a public no-argument constructor;
 * the engine then calls {@link #configure(PluginContext)} exactly once, with the config section
 * named after {@link #name()} (empty when the config has none), before any other method. A
 * provider registered programmatically on the config builder is configured the same way.
 *
 * <p>Names are unique per SPI: two providers of the same SPI with the same name are a
 * configuration error that names both classes.
 */
public interface RecoveryPlugin extends AutoCloseable {

    /**
     * The unique, stable name of this provider, as used in config files (for example
     * {@code "restart"}, {@code "heartbeat"}, {@code "json"}, {@code "log"}). Lower case, digits,
     * {@code _} and {@code -}.
     *
     * @return the provider's name, never blank
     */
    String name();

    /**
     * Configures the provider from its own config section. Called once before first use.
     *
     * @param context the settings of this provider and the services of the engine it may use
     * @throws Exception when the settings are unusable; the engine reports the provider's class
     *     and the cause and refuses to start
     */
    default void configure(PluginContext context) throws Exception {
    }

    /**
     * Releases what the provider holds. Called once when the engine closes; must not throw for
     * a provider that was never configured.
     */
    @Override
    default void close() {
    }
}
