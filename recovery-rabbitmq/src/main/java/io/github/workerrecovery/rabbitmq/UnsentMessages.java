package io.github.workerrecovery.rabbitmq;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The alert messages waiting for the broker, oldest first, bounded: when full, the oldest is
 * dropped to make room, because while the broker is away the latest alerts say most about the
 * present. Drops are counted. Thread-safe.
 */
final class UnsentMessages {

    private final int capacity;
    private final Deque<SageEventMessage> queue = new ArrayDeque<>();
    private long dropped;

    /** @param capacity the most messages kept, {@code >= 1} */
    UnsentMessages(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * @param message the newest message
     * @return the message dropped to make room, if one was
     */
    synchronized Optional<SageEventMessage> add(SageEventMessage message) {
        SageEventMessage gone = null;
        if (queue.size() == capacity) {
            gone = queue.pollFirst();
            dropped++;
        }
        queue.addLast(message);
        return Optional.ofNullable(gone);
    }

    /** @return the oldest message, still kept */
    synchronized Optional<SageEventMessage> oldest() {
        return Optional.ofNullable(queue.peekFirst());
    }

    /**
     * Removes the oldest message if it is this one (it may have been dropped meanwhile).
     *
     * @param message the message just sent
     */
    synchronized void sent(SageEventMessage message) {
        if (queue.peekFirst() == message) {
            queue.pollFirst();
        }
    }

    /** @return messages waiting */
    synchronized int size() {
        return queue.size();
    }

    /** @return messages dropped because the buffer was full */
    synchronized long dropped() {
        return dropped;
    }
}
