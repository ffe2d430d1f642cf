package io.github.workerrecovery.core;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.internal.engine.RecoveryEngine;
import io.github.workerrecovery.core.internal.plugin.EngineLink;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The link providers hold to the engine, which is built after them: calls made before it exists
 * (from a provider's {@code configure}) are dropped, except that the fleet is then empty.
 */
final class DeferredEngineLink implements EngineLink {

    private final AtomicReference<RecoveryEngine> engine;

    DeferredEngineLink(AtomicReference<RecoveryEngine> engine) {
        this.engine = engine;
    }

    @Override
    public void alert(AlertSeverity severity, String message) {
        RecoveryEngine e = engine.get();
        if (e != null) {
            e.providerAlert(severity, message);
        }
    }

    @Override
    public void heartbeat(WorkerId worker) {
        RecoveryEngine e = engine.get();
        if (e != null) {
            e.heartbeat(worker);
        }
    }

    @Override
    public void publish(SageEvent event) {
        RecoveryEngine e = engine.get();
        if (e != null) {
            e.providerEvent(event);
        }
    }

    @Override
    public WorkerFleet fleet() {
        RecoveryEngine e = engine.get();
        return e != null ? e.fleet() : WorkerFleet.none();
    }
}
