package io.github.workerrecovery.api;

import java.nio.file.Path;

/**
 * What a {@link PluginProvider} receives when it creates its plug-in: its own settings, already
 * checked against the provider's {@link PluginProvider#settings()}, and the engine's shared
 * services. Implementations are supplied by the engine (or by the testkit in unit tests).
 */
public interface PluginContext {

    /**
     * The provider's own config section, keyed as in the config file.
     *
     * @return the settings, empty when the config has no section for this provider
     */
    PluginSettings settings();

    /**
     * The home directory of this engine: {@code data/} and {@code logs/} live under it.
     *
     * @return an absolute path; it may not exist yet
     */
    Path home();

    /**
     * The engine's one source of time. Providers must use it instead of the system clock, so
     * that tests can drive them with a manual clock.
     *
     * @return the time source
     */
    TimeSource time();

    /**
     * Raises an incident alert on behalf of the provider, for example when a store had to move
     * a corrupt file aside. Delivery is asynchronous; this never blocks.
     *
     * @param severity how urgent the problem is
     * @param message one line naming what is wrong
     */
    void alert(AlertSeverity severity, String message);

    /**
     * Records a heartbeat for every instance of a worker, as {@code heartbeat(workerId)} on the
     * facade does: for plug-ins that receive heartbeats (for example over AMQP). Never blocks.
     * The default does nothing, for contexts outside an engine.
     *
     * @param worker the worker
     */
    default void heartbeat(WorkerId worker) {
    }

    /**
     * Hands an event to the sages (asynchronously; never blocks), for example a preventive
     * {@link PatternInsight} from a probe that sees a trend. The default does nothing.
     *
     * @param event the event
     */
    default void publish(SageEvent event) {
    }

    /**
     * This host's id: the config's {@code host_id}, else the id kept in the home's
     * {@code data/host-id} (made on first use). Fleet plug-ins use it to tell hosts apart: the
     * {@code postgres} store keys its rows by it, the {@code rabbitmq} notifier stamps it on every
     * message. The default is empty, for contexts outside an engine.
     *
     * @return the id, when known
     */
    default java.util.Optional<String> hostId() {
        return java.util.Optional.empty();
    }

    /**
     * The supervised workers and the fleet operations, for plug-ins that act on the whole fleet
     * (autoscaling). The default knows no workers and refuses to scale.
     *
     * @return the fleet
     */
    default WorkerFleet fleet() {
        return WorkerFleet.none();
    }
}
