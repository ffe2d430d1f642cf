package io.github.workerrecovery.core.internal.events;

import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.event.EventSubscription;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.SubscriptionOptions;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber: the replayed events, then a bounded queue of live ones, drained one at a time
 * on the subscriber's executor. Offering never blocks the engine: a full buffer drops the event
 * and counts it.
 */
final class StreamSubscription implements EventSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSubscription.class);

    private final String name;
    private final int bufferSize;
    private final Consumer<? super RecoveryEvent> consumer;
    private final Executor executor;
    private final ExecutorService owned;
    /** Filled once before the subscription is registered; read by the drain only. */
    private final Queue<RecoveryEvent> replay;
    private final Queue<RecoveryEvent> live = new ConcurrentLinkedQueue<>();
    private final AtomicInteger liveQueued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastDelivered = new AtomicLong();
    private final long missed;
    private final Consumer<StreamSubscription> onClose;
    private volatile boolean closed;

    StreamSubscription(String name, SubscriptionOptions options, Consumer<? super RecoveryEvent> consumer,
                       RecoveryScheduler scheduler, List<RecoveryEvent> replay, long missed,
                       Consumer<StreamSubscription> onClose) {
        this.name = name;
        this.bufferSize = options.bufferSize();
        this.consumer = consumer;
        this.owned = options.executor().isPresent() ? null : scheduler.newConsumerExecutor(name);
        this.executor = options.executor().orElse(owned);
        this.replay = new ArrayDeque<>(replay);
        this.missed = missed;
        this.onClose = onClose;
    }

    void start() {
        if (!replay.isEmpty()) {
            wake();
        }
    }

    /**
     * Queues a live event; never blocks.
     *
     * @return whether it was queued (then {@link #wake()} starts the delivery)
     */
    boolean offerLive(RecoveryEvent e) {
        if (closed) {
            return false;
        }
        if (liveQueued.incrementAndGet() > bufferSize) {
            liveQueued.decrementAndGet();
            long n = dropped.incrementAndGet();
            if (n == 1) {
                LOG.warn("event subscriber {} cannot keep up: its buffer of {} is full, so event #{} ({}) was dropped;"
                        + " further drops are logged at DEBUG", name, bufferSize, e.sequence(), e.type());
            } else {
                LOG.debug("event subscriber {}: buffer full, event #{} dropped ({} so far)", name, e.sequence(), n);
            }
            return false;
        }
        live.add(e);
        return true;
    }

    /** Starts a delivery on the subscriber's executor unless one is running. */
    void wake() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                LOG.debug("event subscriber {}: its executor refused work; delivery stops", name, e);
                close();
            }
        }
    }

    private void drain() {
        while (true) {
            RecoveryEvent e;
            while (!closed && (e = next()) != null) {
                deliver(e);
            }
            draining.set(false);
            // an event offered between the last poll and the reset would otherwise wait for the next one
            if (closed || (replay.isEmpty() && live.isEmpty()) || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private RecoveryEvent next() {
        RecoveryEvent r = replay.poll();
        if (r != null) {
            return r;
        }
        RecoveryEvent e = live.poll();
        if (e != null) {
            liveQueued.decrementAndGet();
        }
        return e;
    }

    private void deliver(RecoveryEvent e) {
        try {
            consumer.accept(e);
            delivered.incrementAndGet();
        } catch (VirtualMachineError err) {
            throw err;
        } catch (Throwable t) {
            long n = failed.incrementAndGet();
            if (n == 1) {
                LOG.warn("event subscriber {} failed on event #{} ({}); further failures are logged at DEBUG",
                        name, e.sequence(), e.type(), t);
            } else {
                LOG.debug("event subscriber {} failed on event #{} ({})", name, e.sequence(), e.type(), t);
            }
        }
        lastDelivered.set(e.sequence());
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public long missed() {
        return missed;
    }

    @Override
    public long lastDelivered() {
        return lastDelivered.get();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
