package io.github.workerrecovery.rabbitmq;

import io.github.workerrecovery.api.SageEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The events waiting for the broker, oldest first, bounded: when full, the oldest is
 * dropped to make room, because while the broker is away the latest alerts say most about the
 * present. Drops are counted. Thread-safe.
 */
final class UnsentMessages {

    private final int capacity;
    private final Deque<SageEvent> queue = new ArrayDeque<>();
    private long dropped;

    /** @param capacity the most messages kept, {@code >= 1} */
    UnsentMessages(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * @param message the newest event
     * @return the event dropped to make room, if one was
     */
    synchronized Optional<SageEvent> add(SageEvent message) {
        SageEvent gone = null;
        if (queue.size() == capacity) {
            gone = queue.pollFirst();
            dropped++;
        }
        queue.addLast(message);
        return Optional.ofNullable(gone);
    }

    /** @return the oldest event, still kept */
    synchronized Optional<SageEvent> oldest() {
        return Optional.ofNullable(queue.peekFirst());
    }

    /**
     * Removes the oldest event if it is this very one (it may have been dropped meanwhile).
     *
     * @param message the event just sent
     */
    synchronized void sent(SageEvent message) {
        if (queue.peekFirst() == message) {
            queue.pollFirst();
        }
    }

    /** @return events waiting */
    synchronized int size() {
        return queue.size();
    }

    /** @return events dropped because the buffer was full */
    synchronized long dropped() {
        return dropped;
    }
}
