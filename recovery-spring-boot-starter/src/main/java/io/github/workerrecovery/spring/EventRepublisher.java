package io.github.workerrecovery.spring;

import io.github.workerrecovery.api.event.EventSubscription;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Follows the engine's event stream and publishes each event as a {@link WorkerRecoveryEvent}.
 * The stream's subscription delivers on one thread of its own, in sequence order, so listeners see
 * the events in the engine's order and a slow listener never delays a recovery (its events are
 * dropped past the subscription's buffer, and counted in the status).
 */
final class EventRepublisher implements InitializingBean, DisposableBean {

    private final WorkerAutoRecovery recovery;
    private final ApplicationEventPublisher publisher;
    private EventSubscription subscription;

    EventRepublisher(WorkerAutoRecovery recovery, ApplicationEventPublisher publisher) {
        this.recovery = recovery;
        this.publisher = publisher;
    }

    @Override
    public void afterPropertiesSet() {
        // subscribed before the lifecycle starts the engine: the first event is not missed
        subscription = recovery.events().subscribe(e -> publisher.publishEvent(new WorkerRecoveryEvent(recovery, e)));
    }

    @Override
    public void destroy() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
