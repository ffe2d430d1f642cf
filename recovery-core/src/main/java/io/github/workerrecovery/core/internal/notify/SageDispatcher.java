package io.github.workerrecovery.core.internal.notify;

import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageNotifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers sage events to notifiers asynchronously, so that no notifier can delay the engine
 * or another notifier. Each notifier has its own bounded queue and its own daemon thread named
 * {@code sage-<notifier name>} (a later dispatcher in the same JVM adds {@code #<n>} to keep
 * names unique).
 *
 * <p>{@link #publish(SageEvent)} never blocks: an event that does not fit a notifier's queue is
 * dropped for that notifier and counted. A delivery that throws is counted; the first failure
 * of each notifier is logged at WARN, later ones at DEBUG. Thread-safe.
 */
public final class SageDispatcher implements AutoCloseable {

    /** Queue capacity per notifier used by {@link #SageDispatcher(List)}. */
    public static final int DEFAULT_CAPACITY = 1000;
    /** How long {@link #close()} lets the queues drain. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SageDispatcher.class);
    /** How long close() waits for a thread to end once it has been interrupted. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /**
     * Wakes a thread waiting on an empty queue at close. SageEvent is sealed, so the marker is
     * a real alert recognised by identity; it is never delivered.
     */
    private static final SageEvent STOP = new IncidentAlert("sage-dispatcher", "stop", AlertSeverity.LOW,
            Instant.EPOCH, new AlertContext(0, 0, 0), Optional.empty());

    private final Map<String, Lane> lanes;
    private final CountDownLatch finished;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Starts one thread per notifier, with queues of {@value #DEFAULT_CAPACITY} events.
     *
     * @param notifiers the notifiers, configured already; names must be unique
     * @throws IllegalArgumentException when two notifiers share a name, naming both classes
     */
    public SageDispatcher(List<SageNotifier> notifiers) {
        this(notifiers, DEFAULT_CAPACITY);
    }

    /**
     * Starts one thread per notifier.
     *
     * @param notifiers the notifiers, configured already; names must be unique
     * @param capacity the queue capacity per notifier, {@code >= 1}
     * @throws IllegalArgumentException when the capacity is below 1 or two notifiers share a
     *     name (naming both classes)
     */
    public SageDispatcher(List<SageNotifier> notifiers, int capacity) {
        Objects.requireNonNull(notifiers, "notifiers");
        if (capacity < 1) {
            throw new IllegalArgumentException("sage queue capacity must be >= 1 but was " + capacity);
        }
        int instance = INSTANCES.incrementAndGet();
        Map<String, Lane> byName = new LinkedHashMap<>();
        for (SageNotifier notifier : notifiers) {
            Objects.requireNonNull(notifier, "notifier");
            String name = notifier.name();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("sage notifier " + notifier.getClass().getName() + " has no name");
            }
            Lane other = byName.get(name);
            if (other != null) {
                throw new IllegalArgumentException("two sage notifiers are named '" + name + "': "
                        + other.notifier.getClass().getName() + " and " + notifier.getClass().getName());
            }
            String threadName = "sage-" + name + (instance == 1 ? "" : "#" + instance);
            byName.put(name, new Lane(notifier, name, threadName, capacity));
        }
        // Keeps the given order: names() and close() follow it.
        this.lanes = Collections.unmodifiableMap(byName);
        this.finished = new CountDownLatch(byName.size());
        // Started only once every lane exists, so a bad name above leaves no thread behind.
        byName.values().forEach(lane -> lane.start(finished));
        LOG.debug("sage dispatcher delivers to {} (queue capacity {})", byName.keySet(), capacity);
    }

    /**
     * Queues the event for every notifier. Never blocks; where a queue is full the event is
     * dropped for that notifier and counted. Ignored after {@link #close()}.
     *
     * @param event the event
     */
    public void publish(SageEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get()) {
            return;
        }
        for (Lane lane : lanes.values()) {
            if (!lane.queue.offer(event)) {
                long n = lane.dropped.incrementAndGet();
                if (n == 1) {
                    LOG.warn("sage notifier '{}' cannot keep up: its queue is full, so an event ({}) was dropped;"
                            + " further drops are logged at DEBUG", lane.name, event.kind().label());
                } else {
                    LOG.debug("sage notifier '{}': queue full, an event ({}) was dropped ({} so far)",
                            lane.name, event.kind().label(), n);
                }
            }
        }
    }

    /** @return events dropped over all notifiers: queues full, or still queued when close gave up */
    public long dropped() {
        return lanes.values().stream().mapToLong(l -> l.dropped.get()).sum();
    }

    /**
     * @param name a notifier's name
     * @return events dropped for that notifier
     * @throws IllegalArgumentException when no notifier has that name
     */
    public long droppedBy(String name) {
        Lane lane = lanes.get(name);
        if (lane == null) {
            throw new IllegalArgumentException("no sage notifier named '" + name + "'; known: " + names());
        }
        return lane.dropped.get();
    }

    /** @return deliveries that threw, over all notifiers */
    public long failed() {
        return lanes.values().stream().mapToLong(l -> l.failed.get()).sum();
    }

    /** @return deliveries that returned normally, over all notifiers */
    public long delivered() {
        return lanes.values().stream().mapToLong(l -> l.delivered.get()).sum();
    }

    /** @return the names of the notifiers, in the order given */
    public List<String> names() {
        List<String> names = new ArrayList<>(lanes.size());
        lanes.values().forEach(l -> names.add(l.name));
        return List.copyOf(names);
    }

    /** Closes with the {@linkplain #DEFAULT_DRAIN_TIMEOUT default drain timeout}. */
    @Override
    public void close() {
        close(DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * Stops accepting events, lets every thread deliver what is queued for up to
     * {@code drainTimeout} in all, then interrupts the threads still busy (events left queued are
     * counted as dropped), waits briefly for them to end, and closes every notifier (a notifier
     * whose {@code close()} throws is logged and skipped). Idempotent; returns even when a
     * notifier blocks forever.
     *
     * @param drainTimeout how long the queues may take to drain, {@code >= 0}
     */
    public void close(Duration drainTimeout) {
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Lane lane : lanes.values()) {
            lane.stopping = true;
            // Fails only when the queue is full, and then the thread is not waiting on it.
            lane.queue.offer(STOP);
        }
        boolean interrupted = awaitThreads(drainTimeout);
        for (Lane lane : lanes.values()) {
            if (!lane.done) {
                lane.thread.interrupt();
            }
        }
        interrupted |= awaitThreads(INTERRUPT_GRACE);
        for (Lane lane : lanes.values()) {
            if (lane.done) {
                // run() has returned; the join only covers the thread's last exit steps, so that
                // no caller sees a thread still alive after close().
                interrupted |= join(lane.thread);
            } else {
                LOG.warn("sage notifier '{}' ignored interruption; its thread {} is left behind (daemon)",
                        lane.name, lane.thread.getName());
            }
            long left = lane.queue.stream().filter(e -> e != STOP).count();
            if (left > 0) {
                lane.dropped.addAndGet(left);
                LOG.warn("sage notifier '{}': {} events were still queued at close and are dropped", lane.name, left);
            }
            closeNotifier(lane);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every thread has ended or the timeout passed; true when the caller was interrupted. */
    private boolean awaitThreads(Duration timeout) {
        try {
            // A latch gives one shared deadline for all threads without reading a clock here.
            finished.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return false;
        } catch (InterruptedException e) {
            // Our caller wants out: stop waiting, go on to interrupt and close.
            return true;
        }
    }

    /** @return true when the caller was interrupted */
    private static boolean join(Thread thread) {
        try {
            thread.join(INTERRUPT_GRACE.toMillis());
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void closeNotifier(Lane lane) {
        try {
            lane.notifier.close();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError e) {
                throw e;
            }
            LOG.warn("sage notifier '{}' failed to close", lane.name, t);
        }
    }

    /** One notifier with its queue, thread and counters. */
    private static final class Lane implements Runnable {
        final SageNotifier notifier;
        final String name;
        final BlockingQueue<SageEvent> queue;
        final Thread thread;
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        volatile boolean stopping;
        /** Set when run() is over: the latch alone cannot say which thread is still busy. */
        volatile boolean done;
        // Set before the thread starts, so Thread.start() publishes it.
        private CountDownLatch finished;

        Lane(SageNotifier notifier, String name, String threadName, int capacity) {
            this.notifier = notifier;
            this.name = name;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, threadName);
            thread.setDaemon(true);
        }

        void start(CountDownLatch finished) {
            this.finished = finished;
            thread.start();
        }

        @Override
        public void run() {
            try {
                loop();
            } finally {
                done = true;
                finished.countDown();
            }
        }

        private void loop() {
            while (true) {
                SageEvent event;
                try {
                    // Once stopping, never wait: an empty queue means the drain is complete.
                    event = stopping ? queue.poll() : queue.take();
                } catch (InterruptedException e) {
                    if (stopping) {
                        return;
                    }
                    // Only close() may end this thread; any other interrupt is stray.
                    continue;
                }
                if (event == null || event == STOP) {
                    return;
                }
                if (!deliver(event)) {
                    return;
                }
            }
        }

        /** @return false when the thread was interrupted by close() and must end */
        private boolean deliver(SageEvent event) {
            try {
                notifier.deliver(event);
                delivered.incrementAndGet();
                // A notifier that restores an interrupt it caught must not make the next take(),
                // or an interruptible file channel, fail: clear it unless close() sent it.
                return !(Thread.interrupted() && stopping);
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError e) {
                    throw e;
                }
                failed.incrementAndGet();
                boolean interrupted = t instanceof InterruptedException || Thread.interrupted();
                if (interrupted && stopping) {
                    LOG.debug("sage notifier '{}' interrupted at close while delivering an event ({})", name, event.kind().label());
                    return false;
                }
                if (failed.get() == 1) {
                    LOG.warn("sage notifier '{}' failed to deliver an event ({}); further failures are logged at DEBUG",
                            name, event.kind().label(), t);
                } else {
                    LOG.debug("sage notifier '{}' failed to deliver an event ({})", name, event.kind().label(), t);
                }
                return true;
            }
        }
    }
}
