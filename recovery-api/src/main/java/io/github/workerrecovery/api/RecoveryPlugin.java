package io.github.workerrecovery.api;

/**
 * What every plug-in of the four SPIs has in common: a unique name and a close step. A plug-in
 * is made fully built, either by its {@link PluginProvider} from a checked config section, or
 * by the host, which gives the instance to the config builder; it is never configured after it
 * is made.
 *
 * <p>Names are unique per SPI: two plug-ins of the same SPI with the same name are a
 * configuration error that names both classes.
 */
public interface RecoveryPlugin extends AutoCloseable {

    /**
     * The unique, stable name of this plug-in, as used in config files (for example
     * {@code "restart"}, {@code "heartbeat"}, {@code "json"}, {@code "log"}). Lower case, digits,
     * {@code _} and {@code -}.
     *
     * @return the plug-in's name, never blank
     */
    String name();

    /**
     * Releases what the plug-in holds. Called once when the engine closes; must not throw.
     */
    @Override
    default void close() {
    }
}
