package io.github.workerrecovery.core.internal.plugin;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerId;

/**
 * The engine services a provider reaches through its {@link io.github.workerrecovery.api.PluginContext}.
 * Providers are configured before the engine exists, so contexts hold this link, which the
 * facade points at the engine once it is built.
 */
public interface EngineLink {

    /** @param severity how urgent @param message one line */
    void alert(AlertSeverity severity, String message);

    /** @param worker the worker that beat */
    void heartbeat(WorkerId worker);

    /** @param event an event for the sages */
    void publish(SageEvent event);

    /** @return the fleet */
    WorkerFleet fleet();
}
