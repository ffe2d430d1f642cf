package io.github.workerrecovery.spring;

import io.github.workerrecovery.api.event.RecoveryEvent;
import java.util.Objects;
import org.springframework.context.ApplicationEvent;

/**
 * One event of the engine's stream, republished in the application context so that an
 * {@code @EventListener} method receives it, in the engine's order (one thread delivers them):
 *
 * <pre>{@code
 * @EventListener
 * void on(WorkerRecoveryEvent e) {
 *     if (e.event() instanceof RecoveryVerdict v && !v.outcome().success()) { ... }
 * }
 * }</pre>
 */
public class WorkerRecoveryEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient RecoveryEvent event;

    /**
     * @param source the engine's owner
     * @param event the engine's event
     */
    public WorkerRecoveryEvent(Object source, RecoveryEvent event) {
        super(source);
        this.event = Objects.requireNonNull(event, "event");
    }

    /** @return the engine's event, with its sequence number and time */
    public RecoveryEvent event() {
        return event;
    }

    @Override
    public String toString() {
        return "WorkerRecoveryEvent[" + event + "]";
    }
}
