package io.github.workerrecovery.api.event;

/**
 * One consumer's subscription to a {@link RecoveryEvents} stream. Thread-safe.
 */
public interface EventSubscription extends AutoCloseable {

    /** @return events handed to the consumer that returned normally */
    long delivered();

    /** @return events dropped because the buffer was full */
    long dropped();

    /** @return deliveries that threw */
    long failed();

    /**
     * @return events asked for by {@link SubscriptionOptions#replayingAfter(long)} that the ring no
     *     longer kept (the gap at the start), 0 when the replay was complete
     */
    long missed();

    /** @return the sequence number of the last event handed to the consumer, 0 before the first */
    long lastDelivered();

    /** @return whether {@link #close()} was called or the engine closed */
    boolean isClosed();

    /**
     * Stops delivery: events still buffered are not delivered. An executor the subscription made
     * itself is shut down; one given in the options is left to its owner. Idempotent.
     */
    @Override
    void close();
}
