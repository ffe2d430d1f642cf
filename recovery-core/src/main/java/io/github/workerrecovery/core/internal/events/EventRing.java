package io.github.workerrecovery.core.internal.events;

import io.github.workerrecovery.api.event.RecoveryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} events, by sequence number. Sequence numbers in it are contiguous, so
 * "after n" is an index, not a search. Not thread-safe: {@link EventStream} guards it.
 */
final class EventRing {

    private final RecoveryEvent[] slots;
    private long firstSequence = 1;
    private int size;
    private int head;

    EventRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event ring capacity must be >= 1 but was " + capacity);
        }
        this.slots = new RecoveryEvent[capacity];
    }

    void add(RecoveryEvent e) {
        if (size == slots.length) {
            slots[head] = e;
            head = (head + 1) % slots.length;
            firstSequence++;
        } else {
            slots[(head + size) % slots.length] = e;
            size++;
        }
    }

    /** @return the sequence of the oldest kept event, or the next to come when empty */
    long firstSequence() {
        return firstSequence;
    }

    List<RecoveryEvent> newest(int limit) {
        int n = Math.min(limit, size);
        return slice(size - n, n);
    }

    List<RecoveryEvent> after(long sequence) {
        long from = Math.max(sequence + 1, firstSequence);
        int start = (int) (from - firstSequence);
        return start >= size ? List.of() : slice(start, size - start);
    }

    private List<RecoveryEvent> slice(int start, int count) {
        List<RecoveryEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(slots[(head + start + i) % slots.length]);
        }
        return out;
    }
}
