package io.github.workerrecovery.api.event;

import java.util.List;
import java.util.function.Consumer;

/**
 * The event stream of one engine: the last events kept in a ring (default 10,000) to catch up
 * with, and subscriptions that follow it live.
 *
 * <p>A subscriber runs on its own executor with its own bounded buffer: a slow or throwing
 * subscriber never delays the engine or another subscriber; events that do not fit its buffer
 * are dropped for it and counted ({@link EventSubscription#dropped()}, and in the status).
 * To catch up and then follow without a gap or a duplicate, subscribe with
 * {@link SubscriptionOptions#replayingAfter(long)}: the kept events after that sequence number are
 * delivered first, then the live ones, in order. Thread-safe.
 */
public interface RecoveryEvents {

    /** @return the sequence number of the newest event, 0 before the first */
    long lastSequence();

    /**
     * @param limit how many at most, {@code >= 0}
     * @return the newest {@code limit} kept events, oldest first
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    List<RecoveryEvent> recent(int limit);

    /**
     * @param sequence a sequence number already seen (0 for all kept events)
     * @return the kept events after it, oldest first; events older than the ring are gone
     */
    List<RecoveryEvent> after(long sequence);

    /**
     * Follows the live stream from now on, with the {@linkplain SubscriptionOptions#defaults() default options}.
     *
     * @param consumer receives each event, on the subscription's executor, one at a time, in order
     * @return the subscription; close it to stop
     */
    default EventSubscription subscribe(Consumer<? super RecoveryEvent> consumer) {
        return subscribe(SubscriptionOptions.defaults(), consumer);
    }

    /**
     * Follows the stream with the given options.
     *
     * @param options executor, buffer and where to start
     * @param consumer receives each event, on the subscription's executor, one at a time, in order;
     *     what it throws is logged (first at WARN, then at DEBUG) and counted, and delivery goes on
     * @return the subscription; close it to stop
     * @throws IllegalStateException when the engine is closed
     */
    EventSubscription subscribe(SubscriptionOptions options, Consumer<? super RecoveryEvent> consumer);

    /** @return events dropped so far over all subscriptions (buffers full) */
    long dropped();
}
