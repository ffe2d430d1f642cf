package io.github.workerrecovery.core.internal.events;

import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.event.EventSubscription;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryEvents;
import io.github.workerrecovery.api.event.SubscriptionOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way out of the engine. The engine {@link #emit emits} each event on its own thread;
 * the stream numbers it, keeps it in the ring, hands it to the engine-thread
 * {@linkplain #listen listeners} (history, sages, status: they must not block) and queues it for
 * every {@linkplain #subscribe subscription}, each of which runs on its own executor with a
 * bounded buffer.
 *
 * <p>Numbering, the ring and registering a subscription share one lock, so a subscription that
 * replays the ring and then follows live sees every event exactly once.
 */
public final class EventStream implements RecoveryEvents, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final AtomicInteger SUBSCRIBERS = new AtomicInteger();

    /** Makes one event once its sequence number and time are known. */
    @FunctionalInterface
    public interface EventFactory<E extends RecoveryEvent> {
        /**
         * @param sequence the event's sequence number
         * @param at the engine's time now
         * @return the event
         */
        E make(long sequence, Instant at);
    }

    private final TimeSource time;
    private final RecoveryScheduler scheduler;
    private final EventRing ring;
    private final List<Consumer<RecoveryEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<StreamSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private long sequence;
    private long droppedByClosed;
    private boolean closed;

    /**
     * @param scheduler where default consumer executors come from, and the time source
     * @param ringCapacity events kept for catching up, {@code >= 1}; the config's {@code event_history}
     */
    public EventStream(RecoveryScheduler scheduler, int ringCapacity) {
        this.scheduler = scheduler;
        this.time = scheduler.time();
        this.ring = new EventRing(ringCapacity);
    }

    /**
     * Adds a listener called on the engine thread for each event, after the ring and before the
     * subscriptions. For the engine's own consumers; a listener must not block. What it throws is
     * logged and does not reach the engine.
     *
     * @param listener the listener
     */
    public void listen(Consumer<RecoveryEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Numbers, keeps and hands out one event. Engine thread only.
     *
     * @param factory makes the event from its sequence number and time
     * @param <E> the event's type
     * @return the event
     */
    public <E extends RecoveryEvent> E emit(EventFactory<E> factory) {
        E event;
        List<StreamSubscription> toWake = new ArrayList<>(subscriptions.size());
        synchronized (this) {
            event = factory.make(sequence + 1, time.now());
            if (event.sequence() != sequence + 1) {
                throw new IllegalStateException("event " + event.type() + " took sequence " + event.sequence()
                        + " instead of " + (sequence + 1));
            }
            sequence++;
            ring.add(event);
            for (StreamSubscription s : subscriptions) {
                if (s.offerLive(event)) {
                    toWake.add(s);
                }
            }
        }
        // outside the lock: a subscriber's executor is foreign code, and must not hold up the
        // engine or a subscriber registering on another thread
        toWake.forEach(StreamSubscription::wake);
        for (Consumer<RecoveryEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.error("an engine listener failed on event {} #{}; the engine goes on", event.type(), event.sequence(), e);
            }
        }
        return event;
    }

    @Override
    public synchronized long lastSequence() {
        return sequence;
    }

    @Override
    public synchronized List<RecoveryEvent> recent(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 but was " + limit);
        }
        return ring.newest(limit);
    }

    @Override
    public synchronized List<RecoveryEvent> after(long sequenceSeen) {
        return ring.after(sequenceSeen);
    }

    @Override
    public EventSubscription subscribe(SubscriptionOptions options, Consumer<? super RecoveryEvent> consumer) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(consumer, "consumer");
        String name = "recovery-events-" + SUBSCRIBERS.incrementAndGet();
        StreamSubscription s;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the engine is closed; its event stream takes no subscribers");
            }
            List<RecoveryEvent> replay = List.of();
            long missed = 0;
            if (options.replayAfter().isPresent()) {
                long after = options.replayAfter().getAsLong();
                replay = ring.after(after);
                long firstWanted = after + 1;
                long firstKept = replay.isEmpty() ? sequence + 1 : replay.get(0).sequence();
                missed = Math.max(0, firstKept - firstWanted);
            }
            s = new StreamSubscription(name, options, consumer, scheduler, replay, missed, this::closed);
            subscriptions.add(s);
        }
        s.start(); // outside the lock, as in emit()
        return s;
    }

    @Override
    public synchronized long dropped() {
        long n = droppedByClosed;
        for (StreamSubscription s : subscriptions) {
            n += s.dropped();
        }
        return n;
    }

    /** @return the subscriptions still open */
    public int subscriberCount() {
        return subscriptions.size();
    }

    /** Closes every subscription; later emits reach the ring and the listeners only. */
    @Override
    public void close() {
        List<StreamSubscription> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(subscriptions);
        }
        for (StreamSubscription s : open) {
            s.close();
        }
    }

    /** A subscription closed: its drops still count. */
    private synchronized void closed(StreamSubscription s) {
        if (subscriptions.remove(s)) {
            droppedByClosed += s.dropped();
        }
    }
}
