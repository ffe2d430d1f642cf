package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.core.internal.events.EventStream;
import java.util.Optional;

/** Raises incident alerts with the fleet counts of the moment, as events. Engine thread only. */
final class Alerts {

    /** The source every engine alert names. */
    static final String SOURCE = "worker-auto-recovery";

    private final Roster roster;
    private final EventStream events;

    Alerts(Roster roster, EventStream events) {
        this.roster = roster;
        this.events = events;
    }

    /**
     * @param severity how urgent
     * @param message one line
     * @param worker the worker it is about, if one
     */
    void raise(AlertSeverity severity, String message, Optional<WorkerId> worker) {
        events.emit((seq, at) -> new AlertRaised(seq, at,
                new IncidentAlert(SOURCE, message, severity, at, roster.alertContext(), worker)));
    }

    /** @return the severity of an alert about a signal of this status */
    static AlertSeverity severityOf(HealthStatus s) {
        return switch (s) {
            case DEAD, CRITICAL -> AlertSeverity.HIGH;
            case WARNING -> AlertSeverity.MEDIUM;
            default -> AlertSeverity.LOW;
        };
    }
}
